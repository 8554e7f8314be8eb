// Title: Agency workload
// 中文: 每个部门牵头、配合了多少项任务，涉及多少份方案（可按城市、方案、部门类型筛选）。
// English: Per agency: tasks it leads, tasks it only supports, their total and the plans involved (optionally for one city, plan or agency kind).
// Columns: agency, jurisdiction, kind, led, supported, total, plans
// Parameters:
//   city  城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
//   plan  方案 plan: its id, title or source file name (e.g. "changzhou-2020-task-division.txt"); null = every plan
//   kind  部门类型 agency kind (Agency.kind, e.g. "市场监管"); null = every kind
//   limit (int) at most this many agencies, the busiest first; raise it (e.g. 1000000) for all
// Notes: a task counts once per agency. An agency that leads the task, or a row of its
//   annexed table (Part), "led" it; one that is only named as a supporting unit "supported" it.
//   Section-level leads inherited by the tasks beneath them (LEADS {inferred: true}) count as leads.
//   Reads the per-plan summaries (Agency)-[:WORKS_IN {tasks, led}]->(Plan) written at load time
//   (one edge per agency and plan, counting those LEADS/SUPPORTS edges), not every task.
// Sorted by total desc, then agency, then jurisdiction.
// Paste first in Neo4j Browser:
// :param city => null
// :param plan => null
// :param kind => null
// :param limit => 1000
MATCH (a:Agency)-[w:WORKS_IN]->(p:Plan)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan OR p.title = $plan OR p.source ENDS WITH $plan)
  AND ($kind IS NULL OR a.kind = $kind)
WITH a, toInteger(sum(w.tasks)) AS total, toInteger(sum(w.led)) AS led, count(p) AS plans
RETURN a.name AS agency, a.jurisdiction AS jurisdiction, a.kind AS kind,
       led, total - led AS supported, total, plans
ORDER BY total DESC, agency, coalesce(jurisdiction, '')
LIMIT $limit
