/**
 * English function words, left out of the article-text index. They are about
 * half of all running words and in nearly every passage, so indexing them
 * doubles the index and makes any query that touches them scan every passage
 * of the library, while a search for them finds nothing a reader wants. They
 * still count inside a "quoted phrase", which is checked against the text
 * itself, and titles and highlights (small indexes) keep them.
 *
 * Words that are also common nouns or names are not here ("may", "will",
 * "can", "us", "who"). Changing this list changes what the text index holds:
 * bump SEARCH_INDEX_VERSION with it, so cached indexes are rebuilt.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  did do does doing down during each few for from further had has have having he her here hers herself him himself his how
  i if in into is it its itself just me more most my myself no nor not of off on once only or other our ours ourselves out
  over own same she should so some such than that the their theirs them themselves then there these they this those through
  to too under until up very was we were what when where which while whom why with would you your yours yourself yourselves s t`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);
