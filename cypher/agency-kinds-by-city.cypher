// Title: Agency kinds by city
// 中文: 各城市中每类部门承担的任务份额（按城市内全部任务分工归一，可跨城市比较）。
// English: Per city, the share of all task assignments that falls to each agency kind, normalised within the city so cities compare.
// Columns: city, kind, agencies, led, assignments, share
// Parameters:
//   city  城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
// Notes: an assignment is one (agency, task) pair, leading or supporting (an agency counts once
//   per task). share = the kind's assignments / the city's assignments, rounded to 3 places.
//   A plan without a city is grouped under its jurisdiction, or "?" when it has neither.
//   Reads the per-plan summaries (Agency)-[:WORKS_IN {tasks, led}]->(Plan) written at load time.
// Sorted by city, share desc, kind.
// Paste first in Neo4j Browser:
// :param city => null
MATCH (a:Agency)-[w:WORKS_IN]->(p:Plan)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
WITH coalesce(p.city, p.jurisdiction, '?') AS city, a, sum(w.tasks) AS assignments, sum(w.led) AS led
WITH city, coalesce(a.kind, '其他') AS kind, count(a) AS agencies, toInteger(sum(led)) AS led,
     toInteger(sum(assignments)) AS assignments
WITH city, toFloat(sum(assignments)) AS city_total,
     collect({kind: kind, agencies: agencies, led: led, assignments: assignments}) AS kinds
UNWIND kinds AS k
RETURN city, k.kind AS kind, k.agencies AS agencies, k.led AS led, k.assignments AS assignments,
       round(1000.0 * k.assignments / city_total) / 1000.0 AS share
ORDER BY city, share DESC, kind
