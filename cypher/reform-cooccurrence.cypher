// Title: Reform co-occurrence
// 中文: 哪些改革经常出现在同一任务中——改革两两组合及共同出现的任务数、方案数。
// English: Pairs of reforms targeted by the same task, with how many tasks and plans pair them.
// Columns: reform_a, reform_b, tasks, plans
// Parameters:
//   city       城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
//   reform     改革 only pairs that include this reform (e.g. "证照分离"); null = every pair
//   min_tasks  (int) only pairs sharing at least this many tasks
// Notes: each pair appears once, with reform_a before reform_b in name order. Each task's
//   reforms are collected once and paired in a list (a task targets a reform at most once).
// Sorted by tasks desc, plans desc, reform_a, reform_b.
// Paste first in Neo4j Browser:
// :param city => null
// :param reform => null
// :param min_tasks => 1
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
MATCH (t)-[:TARGETS]->(r:Reform)
WITH p, t, collect(r.name) AS names
WHERE size(names) > 1
UNWIND names AS reform_a
UNWIND names AS reform_b
WITH reform_a, reform_b, t, p
WHERE reform_a < reform_b AND ($reform IS NULL OR reform_a = $reform OR reform_b = $reform)
WITH reform_a, reform_b, count(t) AS tasks, count(DISTINCT p) AS plans
WHERE tasks >= $min_tasks
RETURN reform_a, reform_b, tasks, plans
ORDER BY tasks DESC, plans DESC, reform_a, reform_b
