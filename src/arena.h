/*
** arena.h — region allocator.
**
** Ownership: an Arena owns every block it hands out; they are all freed
** together by arena_free(). The AST, its strings and the resolved model of a
** rules file live in one arena, so one call releases a whole parse.
** Running out of memory is not an input error: it aborts with a message.
*/
#ifndef MCCC_ARENA_H
#define MCCC_ARENA_H

#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(void);
void  *arena_alloc(Arena *a, size_t size);          /* zeroed, max-aligned */
char  *arena_strndup(Arena *a, const char *s, size_t n);
char  *arena_strdup(Arena *a, const char *s);
char  *arena_printf(Arena *a, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
void   arena_free(Arena *a);
/* Forget every allocation but keep one block for reuse (hot loops). */
void   arena_reset(Arena *a);

/* Out-of-memory helpers for the few heap buffers outside arenas. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
