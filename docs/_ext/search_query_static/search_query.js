/*
 * Search: turn the words a reader types into the words of the index.
 * Added to search.html by docs/_ext/search_query.py; runs after Sphinx's
 * searchtools.js and wraps Search._parseQuery, so that Sphinx looks up, scores
 * and shows the results as before. A query word that is not in the index is
 * replaced with the index words it stands for:
 *
 * - Chinese (zh_CN, zh_TW): readers type phrases without spaces, the index holds
 *   jieba's words. The phrase is split into index words (fewest pieces wins), after
 *   both are read as Simplified characters, so that a query in either script finds
 *   the words of the page (SEARCH_QUERY.simplified: Traditional -> Simplified, for
 *   the characters of this index, written by the extension).
 * - Korean: 끊김 stands for itself and the index words that differ from it only in
 *   the final consonant of its last syllable and what follows (끊긴, 끊기면).
 * - Other words: the longest index word that begins it, if it keeps most of the
 *   word (Russian отключен, the stem of отключение, finds отключ: отключился).
 *
 * The words found go to the highlighter too (in the summaries and on the page
 * opened from a result): Sphinx only highlights what was typed, and the page may
 * say буферизацией where the reader typed буферизация (both are буферизац).
 */
"use strict";

(() => {
  const options = Object.assign({ simplified: null }, window.SEARCH_QUERY || {});
  const HAN = /\p{Script=Han}/u;
  const HAN_RUNS = /\p{Script=Han}+|[^\p{Script=Han}]+/gu;
  const HANGUL_FIRST = 0xac00;
  const HANGUL_LAST = 0xd7a3;
  const parseQuery = Search._parseQuery;

  const indexWords = () => {
    const index = Search._index;
    if (!index._queryWords) {
      index._queryWords = [...new Set([...Object.keys(index.terms), ...Object.keys(index.titleterms)])];
    }
    return index._queryWords;
  };
  const inIndex = (word) =>
    Search._index.terms.hasOwnProperty(word) || Search._index.titleterms.hasOwnProperty(word);

  // A query word that stands for several index words: the index learns it as an
  // alias for the pages of all of them, so that any one of them is a match.
  const aliases = new Map();
  const alias = (word, words) => {
    const index = Search._index;
    aliases.set(word, words);
    for (const kind of ["terms", "titleterms"]) {
      const files = new Set();
      for (const each of words) {
        if (index[kind].hasOwnProperty(each)) [].concat(index[kind][each]).forEach((file) => files.add(file));
      }
      if (files.size) index[kind][word] = [...files];
    }
    return word;
  };

  // -- Chinese ------------------------------------------------------------------
  const toSimplified = (text) =>
    options.simplified ? [...text].map((char) => options.simplified[char] || char).join("") : text;

  // The query in the index's script, for Sphinx's search in page and section
  // titles, which compares the whole query with each title.
  const toIndexScript = (text) => {
    const index = Search._index;
    if (!options.simplified) return text;
    if (!index._indexForms) {
      index._indexForms = new Map();
      for (const word of [...indexWords(), ...Object.keys(index.alltitles)]) {
        for (const char of word) if (HAN.test(char)) index._indexForms.set(toSimplified(char), char);
      }
    }
    return [...text].map((char) => index._indexForms.get(toSimplified(char)) || char).join("");
  };

  const hanWords = () => {
    const index = Search._index;
    if (!index._hanWords) {
      const words = new Map();
      let longest = 1;
      for (const word of indexWords()) {
        if (!HAN.test(word)) continue;
        const key = toSimplified(word);
        if (!words.has(key)) words.set(key, []);
        words.get(key).push(word);
        longest = Math.max(longest, key.length);
      }
      index._hanWords = { words, longest };
    }
    return index._hanWords;
  };

  // The fewest index words that make up the phrase; characters that are in no
  // index word are left out (one-character words are not indexed).
  const segment = (phrase) => {
    const { words, longest } = hanWords();
    const key = toSimplified(phrase);
    const best = [{ cost: 0, from: -1, word: null }];
    for (let end = 1; end <= key.length; end++) {
      // An unknown character costs more than any word, so that words win.
      best[end] = { cost: best[end - 1].cost + 3, from: end - 1, word: null };
      for (let start = Math.max(0, end - longest); start < end; start++) {
        const candidate = key.slice(start, end);
        if (words.has(candidate) && best[start].cost + 1 < best[end].cost) {
          best[end] = { cost: best[start].cost + 1, from: start, word: candidate };
        }
      }
    }
    const found = [];
    for (let end = key.length; end > 0; end = best[end].from) {
      const { word } = best[end];
      if (word === null) continue;
      const forms = words.get(word);
      found.unshift(forms.length === 1 ? forms[0] : alias(word, forms));
    }
    return found;
  };

  // A word with Chinese and other letters (HTTP/1.1的 gives 1的): the other
  // letters as Sphinx treats a word of them (numbers and stop words are left out).
  const chinese = (word) => {
    const stemmer = new Stemmer();
    const other = (run) => (/^\d+$/.test(run) || stopwords.includes(run) ? [] : [stemmer.stemWord(run)]);
    return word.match(HAN_RUNS).flatMap((run) => (HAN.test(run) ? segment(run) : other(run)));
  };

  // -- Korean -------------------------------------------------------------------
  const isHangul = (char) => char.charCodeAt(0) >= HANGUL_FIRST && char.charCodeAt(0) <= HANGUL_LAST;
  // The syllable without its final consonant: 김 -> 기, 긴 -> 기.
  const open = (char) => String.fromCharCode(char.charCodeAt(0) - ((char.charCodeAt(0) - HANGUL_FIRST) % 28));

  const korean = (word) => {
    const head = word.slice(0, -1);
    const last = open(word.slice(-1));
    const forms = indexWords().filter(
      (each) => each.length >= word.length && each.startsWith(head) && isHangul(each[head.length]) && open(each[head.length]) === last
    );
    return forms.length ? [alias(word, forms)] : [word];
  };

  // -- other languages ----------------------------------------------------------
  const beginning = (word) => {
    let found = null;
    for (const each of indexWords()) {
      if (each.length >= Math.max(4, word.length - 3) && word.startsWith(each) && (!found || each.length > found.length)) {
        found = each;
      }
    }
    return found ? [found] : [word];
  };

  const indexWordsFor = (word) => {
    // A Korean word stands for its other forms even when it is in the index itself.
    if ([...word].every(isHangul) && word.length >= 2) return korean(word);
    if (inIndex(word)) return [word];
    if (HAN.test(word)) return chinese(word);
    // Sphinx itself finds the index words that contain a longer word.
    const contained = word.length > 2 && indexWords().some((each) => each.includes(word));
    return contained ? [word] : beginning(word);
  };

  Search._parseQuery = (query) => {
    const [searchQuery, searchTerms, excludedTerms, highlightTerms, objectTerms] = parseQuery(query);
    const words = new Set([...searchTerms].flatMap(indexWordsFor));
    const highlight = new Set(highlightTerms);
    // An alias is not on the page: the index words it stands for are.
    for (const word of words) (aliases.get(word) || [word]).forEach((each) => highlight.add(each));
    if (SPHINX_HIGHLIGHT_ENABLED) {
      localStorage.setItem("sphinx_highlight_terms", [...highlight].join(" "));
    }
    return [toIndexScript(searchQuery), words, excludedTerms, highlight, objectTerms];
  };
})();
