// Title: Reform co-occurrence
// 中文: 哪些改革经常出现在同一任务中——改革两两组合及共同出现的任务数、方案数。
// English: Pairs of reforms targeted by the same task, with how many tasks and plans pair them.
// Columns: reform_a, reform_b, tasks, plans
// Parameters:
//   city       城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
//   reform     改革 only pairs that include this reform (e.g. "证照分离"); null = every pair
//   min_tasks  (int) only pairs sharing at least this many tasks
// Notes: each pair appears once, with reform_a before reform_b in name order. Reads the
//   per-plan summaries (Plan)-[:ADOPTS {paired, paired_tasks}]->(Reform) written at load time:
//   for each reform a plan adopts, the later-named reforms its tasks also target and how many
//   tasks target both (the same counts as pairing each task's TARGETS edges).
// Sorted by tasks desc, plans desc, reform_a, reform_b.
// Paste first in Neo4j Browser:
// :param city => null
// :param reform => null
// :param min_tasks => 1
MATCH (p:Plan)-[e:ADOPTS]->(r:Reform)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND size(e.paired) > 0
UNWIND range(0, size(e.paired) - 1) AS i
WITH r.name AS reform_a, e.paired[i] AS reform_b, e.paired_tasks[i] AS n
WHERE $reform IS NULL OR reform_a = $reform OR reform_b = $reform
WITH reform_a, reform_b, toInteger(sum(n)) AS tasks, count(*) AS plans
WHERE tasks >= $min_tasks
RETURN reform_a, reform_b, tasks, plans
ORDER BY tasks DESC, plans DESC, reform_a, reform_b
