/* The few definitions rpm's ndb backend takes from rpm's internal system.h and rpmio's private headers. */
#include <dirent.h>
#include <rpm/rpmutil.h>
#include <rpm/rpmlog.h>
#define _(Text) Text
#define xmalloc(_size) rmalloc((_size))
#define xcalloc(_nmemb, _size) rcalloc((_nmemb), (_size))
#define xrealloc(_ptr, _size) rrealloc((_ptr), (_size))
#define xstrdup(_str) rstrdup((_str))
