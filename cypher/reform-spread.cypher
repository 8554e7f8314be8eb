// Title: Reform spread
// 中文: 每项改革被多少份方案、多少个城市采纳，最早出现在哪一年，以及按采纳先后排列的采纳地区。
// English: Per reform: how many plans and cities target it, the first year it appears, and the adopting jurisdictions in order of adoption.
// Columns: reform, category, plans, cities, first_year, adopters
// Parameters:
//   category  改革类别 reform category (Reform.category); null = every category
//   city      城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
// Notes: a plan adopts a reform when at least one of its tasks TARGETS it. adopters are the
//   plans' jurisdictions (the district or zone when there is one, else the city), each once,
//   ordered by the year of its earliest adopting plan, then by name; plans without a year come
//   last. A plan whose jurisdiction is unknown counts in plans but names no adopter. cities
//   counts the distinct known cities. first_year is the earliest plan year (an integer; null
//   when no plan has a year).
//   Reads the per-plan summaries (Plan)-[:ADOPTS {tasks}]->(Reform) written at load time.
// Sorted by plans desc, then reform.
// Paste first in Neo4j Browser:
// :param category => null
// :param city => null
MATCH (p:Plan)-[e:ADOPTS]->(r:Reform)
WHERE ($category IS NULL OR r.category = $category)
  AND ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
WITH r, count(p) AS plans, count(DISTINCT p.city) AS cities, min(p.year) AS first_year, collect(p) AS adopting
UNWIND adopting AS p
WITH r, plans, cities, first_year, coalesce(p.jurisdiction, p.city) AS adopter, min(p.year) AS year
ORDER BY coalesce(year, 99999), adopter
WITH r, plans, cities, first_year, collect(adopter) AS adopters
RETURN r.name AS reform, r.category AS category, plans, cities, first_year, adopters
ORDER BY plans DESC, reform
