// Title: City × reform matrix
// 中文: 城市 × 改革矩阵：每个城市的方案中有多少项任务提到每项改革（长表，一行一格）。
// English: The city × reform matrix as a long table: per city and reform, the tasks (and plans) that target it.
// Columns: city, reform, category, tasks, plans
// Parameters:
//   category  改革类别 reform category (Reform.category); null = every category
//   min_tasks (int) only cells with at least this many tasks
// Notes: city is Plan.city; a plan without a city is grouped under its jurisdiction, or "?".
//   Cells with no task are not listed (read them as 0).
//   Reads the per-plan summaries (Plan)-[:ADOPTS {tasks}]->(Reform) written at load time.
// Sorted by city, tasks desc, reform.
// Paste first in Neo4j Browser:
// :param category => null
// :param min_tasks => 1
MATCH (p:Plan)-[e:ADOPTS]->(r:Reform)
WHERE ($category IS NULL OR r.category = $category)
WITH coalesce(p.city, p.jurisdiction, '?') AS city, r, toInteger(sum(e.tasks)) AS tasks, count(p) AS plans
WHERE tasks >= $min_tasks
RETURN city, r.name AS reform, r.category AS category, tasks, plans
ORDER BY city, tasks DESC, reform
