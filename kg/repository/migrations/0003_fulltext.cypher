// Names and aliases in every script: the CJK analyzer bigrams Chinese and tokenizes Latin words,
// so 谷歌, gpt and Milliarden all hit; search_text holds the name, aliases and their Simplified forms.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Model|Organization|Technique|Paper|Dataset) ON EACH [n.search_text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: false}};
