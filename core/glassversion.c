/* glassversion.c -- what a glass database's version file says of its tables.
 *
 * Xapian makes some tables of a glass database lazily: docdata.glass,
 * position.glass, spelling.glass and synonym.glass are created with their
 * first entry, and a reader that finds one absent takes it to be empty
 * (GlassTable::do_open_to_read, Xapian 1.4).  So a lost position.glass goes
 * unsaid: phrases just stop matching.  Whether such a table should be there
 * is in the database's version file, iamglass, which Xapian writes whole
 * (through v.tmp, renamed) at each commit, after the tables it names: the
 * number of entries of each table at the last commit.  A table the version
 * file says holds entries is the database's, and its absence damage; one it
 * says is empty may be absent (an index of paragraphs without words has no
 * positions).
 *
 * The version file (glass_version.cc, GLASS_FORMAT_VERSION 2016-03-14, the
 * one every Xapian 1.4 writes):
 *
 *   "\x0f\x0dXapian Glass"   14 bytes of magic
 *   0x04 0x6e                the format version, big-endian
 *   16 bytes                 the database's UUID
 *   uint                     the revision
 *   6 x root info            postlist, docdata, termlist, position,
 *                            spelling, synonym, each: uint root block,
 *                            uint level and flags, uint entries, uint
 *                            block size / 2048, uint compress_min,
 *                            uint length + that many bytes (the freelist)
 *   ...                      the statistics
 *
 * where a uint is Xapian's pack_uint(): 7 bits a byte, least significant
 * first, the high bit set on every byte but the last.  Nothing else is read.
 */
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include "private.h"

#define VERSION_FILE "iamglass"
#define MAGIC "\x0f\x0dXapian Glass"
#define MAGIC_LEN 14
#define FORMAT_HIGH 0x04
#define FORMAT_LOW 0x6e
#define UUID_LEN 16
#define ROOT_INFO_UINTS 6   /* the last of them the length of the bytes that follow */

/* The tables, in the order of their root infos. */
static const char *const tables[] = {
    "postlist.glass", "docdata.glass", "termlist.glass", "position.glass", "spelling.glass",
    "synonym.glass",
};
#define TABLES (sizeof tables / sizeof *tables)

/* Read a pack_uint() at *p (before 'end') into *value, moving *p past it;
 * -1 when it runs past 'end' or overflows. */
static int unpack_uint(const unsigned char **p, const unsigned char *end,
                       unsigned long long *value)
{
    *value = 0;
    for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
        unsigned char byte = *(*p)++;
        *value |= (unsigned long long)(byte & 0x7f) << shift;
        if (byte < 0x80)
            return 0;
    }
    return -1;
}

long long essay__glass_table_entries(int dir_fd, const char *table)
{
    size_t which = 0;
    while (which < TABLES && strcmp(tables[which], table) != 0)
        which++;
    int fd = which < TABLES ? openat(dir_fd, VERSION_FILE, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0)
        return -1;
    /* Xapian reads at most 256 bytes of it too: the root infos fit. */
    unsigned char buf[256];
    ssize_t got = read(fd, buf, sizeof buf);
    close(fd);
    if (got < MAGIC_LEN + 2 + UUID_LEN || memcmp(buf, MAGIC, MAGIC_LEN) != 0
        || buf[MAGIC_LEN] != FORMAT_HIGH || buf[MAGIC_LEN + 1] != FORMAT_LOW)
        return -1;
    const unsigned char *p = buf + MAGIC_LEN + 2 + UUID_LEN, *end = buf + got;
    unsigned long long value;
    if (unpack_uint(&p, end, &value) != 0)     /* the revision */
        return -1;
    for (size_t t = 0; t <= which; t++)
        for (int i = 0; i < ROOT_INFO_UINTS; i++) {
            if (unpack_uint(&p, end, &value) != 0)
                return -1;
            if (t == which && i == 2)
                return value > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)value;
            if (i == ROOT_INFO_UINTS - 1) {
                if (value > (unsigned long long)(end - p))
                    return -1;
                p += value;
            }
        }
    return -1;
}
