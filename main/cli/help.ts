/**
 * What `gloss --help` prints. Kept apart from the code so the whole text can
 * be read (and reviewed) in one place; `usage` is its first part, shown after
 * a usage error.
 */
export const USAGE = `Usage: npm run cli -- <command> [options]
       (or: node out/main/cli.js <command> [options])

Commands:
  list                      Print every article: id, date and title.
  import <path>...          Add .txt and .md files (or the ones in a folder) to the library.
  export (--article ID | --tag TAG | --all) [--format md|json|w3c] [--out FILE|DIR] [--force]
                            Export highlights as Markdown notes, Gloss JSON or W3C annotations.
  help                      Show the full help.
`;

export function helpText(defaultDataDir: string): string {
  return `Gloss on the command line: the same library as the desktop app, without its window.

${USAGE}
list
  One line per article, tab-separated: id, publication date (YYYY-MM-DD, or
  ---------- when unknown) and title. The ids are what "export --article" takes.

import <path>...
  Each path is a file, or a folder: a folder imports the .txt, .text, .md and
  .markdown files directly inside it (not those in its subfolders, nor hidden
  ones). Prints one line per file, tab-separated:
    <id>  <title>                          added
    <id>  <title>  (updated)               a changed version of a file imported before;
                                           its highlights move onto the new text
    <id>  <title>  (already in library)    the same text is already there
    error  <path>: <reason>                not imported; the other files still are
  A file is known by its full path, so importing the same path again updates
  that article instead of adding a second one. The exit status is 1 when any
  file was not imported.
  import changes the library: quit the desktop app first, because the app
  does not see changes made while it is open and its next save would undo them.

export (--article ID | --tag TAG | --all)
  --article ID      One article (see "list" for the ids).
  --tag TAG         Every highlight tagged TAG, or a tag nested under it (TAG/...).
  --all             Every article, one note (or one file) each.
  --format FORMAT   md (the default): Markdown notes with YAML front matter, for
                      Obsidian or Logseq, using your export template if you set one.
                    json: Gloss's own JSON: {"article", "annotations"} for one
                      article, an array of those for --all, and for --tag the
                      matching highlights with their article titles.
                    w3c: W3C Web Annotation collections (JSON-LD), one per article
                      (an array of them for --all). Not with --tag.
  -o, --out PATH    Write to PATH instead of standard output.
                    PATH is a folder when it already is one or ends with "/", and
                    with --all --format md always. In a folder every article gets
                    its own file, named after its title (the .md of the desktop
                    app's "Export to folder"), and each file is reported on
                    standard error as "created", "updated", "unchanged" or
                    "conflict", followed by its path.
                    Otherwise PATH is one file, replaced atomically (its folder is
                    created if needed). PATH may not be inside the data directory.
  --force           In a folder, Markdown notes are merged, not replaced: Gloss
                    rewrites only its own section, between the lines
                    "%% gloss:begin ... %%" and "%% gloss:end %%", and keeps
                    everything else (the front matter, your own text) byte for
                    byte. If you edited inside that section, the note is reported
                    as a conflict and left untouched, and the exit status is 1.
                    --force replaces that section anyway.
  With no --out, --all in Markdown prints the notes one after another.
  export only reads the library: it never changes it, so it is safe to run
  while the desktop app is open.

Options for every command:
  --data-dir DIR    The library's folder. Without it: $GLOSS_DATA_DIR, else the
                    desktop app's own folder (here ${defaultDataDir}).
  -h, --help        Show this help.

Exit status: 0 when everything worked, 1 when something failed (a file not
imported, a note in conflict, an unknown id, an unreadable library), 2 when
the command was not typed right.

Examples:
  npm run cli -- list
  npm run cli -- import ~/Downloads/essay.txt ~/Notes/reading/
  npm run cli -- export --article j3gcbxl6hhn5zbyl > essay-notes.md
  npm run cli -- export --all --out ~/Obsidian/Gloss
  npm run cli -- export --all --out ~/Obsidian/Gloss --force
  npm run cli -- export --tag asean --format json
  npm run cli -- export --article j3gcbxl6hhn5zbyl --format w3c --out essay.jsonld
  GLOSS_DATA_DIR=~/gloss-test npm run cli -- list
`;
}
