// xapian-peer.cc -- the benchmark's Xapian peer: Xapian's own indexing and
// query path, as a user of Xapian's C++ API would write it.
//
//   xapian-peer build DB < records
//   xapian-peer search DB [--any] [--limit N] [--snippet] < queries
//
// build reads the records bench/paragraphs writes (PATH TAB LINE TAB TITLE
// TAB TEXT) and adds one document a record to the glass database DB
// (created if missing, so a second build appends, which is how the benchmark
// adds one essay): a TermGenerator with the English stemmer (STEM_SOME, the
// default: unstemmed terms with positions, Z-prefixed stems) indexes the
// title under the prefix S and the text unprefixed; the document data is
// "PATH:LINE" NEWLINE TEXT, so the paragraph is stored for snippets as the
// engine stores it.  Xapian's defaults otherwise: its own flush threshold,
// one commit at the end.
//
// search reads one query a line and prints one line a query: the hits as
// TAB-separated PATH:LINE in rank order (an empty line for none or for a
// query QueryParser rejects, whose message goes to stderr).  QueryParser has
// the English stemmer, STEM_SOME, the default operator AND (OR with --any),
// phrases, boolean operators, +/-, wildcards and the prefix title:; ranking
// is BM25Weight with its defaults.  --snippet computes MSet::snippet() of
// every hit's text, as a user-facing search would, without printing it.
//
// Exit status: 0 on success, 1 when some records or queries failed, 2 on a
// fatal error (bad arguments, cannot open the database).
#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

namespace {

const unsigned default_limit = 10;
const size_t snippet_bytes = 200;

struct search_options {
    bool any = false;
    bool snippet = false;
    unsigned limit = default_limit;
};

void strip_line_end(std::string &line)
{
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.pop_back();
}

int build(const char *path)
{
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    Xapian::TermGenerator indexer;
    indexer.set_stemmer(Xapian::Stem("english"));
    std::string line;
    size_t number = 0;
    int status = 0;
    while (std::getline(std::cin, line)) {
        number++;
        strip_line_end(line);
        size_t tab1 = line.find('\t');
        size_t tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
        size_t tab3 = tab2 == std::string::npos ? tab2 : line.find('\t', tab2 + 1);
        if (tab3 == std::string::npos) {
            std::cerr << "xapian-peer: record " << number << ": fewer than 4 fields\n";
            status = 1;
            continue;
        }
        Xapian::Document doc;
        indexer.set_document(doc);
        indexer.index_text(line.substr(tab2 + 1, tab3 - tab2 - 1), 1, "S");
        indexer.index_text(line.substr(tab3 + 1));
        std::string data = line.substr(0, tab1);
        data += ':';
        data += line.substr(tab1 + 1, tab2 - tab1 - 1);
        data += '\n';
        data += line.substr(tab3 + 1);
        doc.set_data(data);
        db.add_document(doc);
    }
    db.commit();
    return status;
}

int search(const char *path, const search_options &opt)
{
    Xapian::Database db(path);
    Xapian::Stem stemmer("english");
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(stemmer);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(opt.any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    parser.add_prefix("title", "S");
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    std::string line;
    int status = 0;
    while (std::getline(std::cin, line)) {
        strip_line_end(line);
        try {
            enquire.set_query(parser.parse_query(line, flags));
            Xapian::MSet hits = enquire.get_mset(0, opt.limit);
            const char *separator = "";
            for (Xapian::MSetIterator i = hits.begin(); i != hits.end(); ++i) {
                std::string data = i.get_document().get_data();
                size_t end = data.find('\n');
                std::cout << separator << data.substr(0, end);
                separator = "\t";
                if (opt.snippet && end != std::string::npos)
                    hits.snippet(data.substr(end + 1), snippet_bytes, stemmer);
            }
        } catch (const Xapian::QueryParserError &e) {
            std::cerr << "xapian-peer: query '" << line << "': " << e.get_msg() << '\n';
            status = 1;
        }
        std::cout << '\n';
    }
    std::cout.flush();
    return std::cout ? status : 2;
}

int usage()
{
    std::cerr << "usage: xapian-peer build DB < records\n"
                 "       xapian-peer search DB [--any] [--limit N] [--snippet] < queries\n";
    return 2;
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    std::ios::sync_with_stdio(false);
    try {
        if (std::strcmp(argv[1], "build") == 0)
            return argc == 3 ? build(argv[2]) : usage();
        if (std::strcmp(argv[1], "search") != 0)
            return usage();
        search_options opt;
        for (int i = 3; i < argc; i++) {
            if (std::strcmp(argv[i], "--any") == 0) {
                opt.any = true;
            } else if (std::strcmp(argv[i], "--snippet") == 0) {
                opt.snippet = true;
            } else if (std::strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
                char *end;
                long limit = std::strtol(argv[++i], &end, 10);
                if (*end != '\0' || limit < 1 || limit > 1000000)
                    return usage();
                opt.limit = static_cast<unsigned>(limit);
            } else {
                return usage();
            }
        }
        return search(argv[2], opt);
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian-peer: " << argv[2] << ": " << e.get_description() << '\n';
        return 2;
    } catch (const std::exception &e) {
        std::cerr << "xapian-peer: " << argv[2] << ": " << e.what() << '\n';
        return 2;
    }
}
