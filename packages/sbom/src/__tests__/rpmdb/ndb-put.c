/* Writes an ndb Packages.db with rpm's own ndb backend (rpmpkg.c): header blobs in, one per package. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include "rpmpkg.h"
int main(int argc, char **argv) {
  rpmpkgdb db;
  if (argc < 3) { fprintf(stderr, "usage: ndb-put Packages.db BLOB...\n"); return 2; }
  if (rpmpkgOpen(&db, argv[1], O_RDWR | O_CREAT, 0644)) { fprintf(stderr, "cannot open %s\n", argv[1]); return 1; }
  for (int i = 2; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) { perror(argv[i]); return 1; }
    fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(n);
    if (fread(b, 1, n, f) != (size_t)n) { perror(argv[i]); return 1; }
    fclose(f);
    unsigned int idx;
    if (rpmpkgNextPkgIdx(db, &idx) || rpmpkgPut(db, idx, b, (unsigned int)n)) { fprintf(stderr, "cannot put %s\n", argv[i]); return 1; }
    free(b);
  }
  if (rpmpkgVerify(db)) { fprintf(stderr, "rpmpkgVerify failed\n"); return 1; }
  rpmpkgClose(db);
  return 0;
}
