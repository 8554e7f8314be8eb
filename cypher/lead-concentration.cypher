// Title: Lead concentration
// 中文: 每份方案中牵头任务最多的3个部门覆盖了多少比例的任务，以及有多少任务没有任何牵头单位。
// English: Per plan, the share of its tasks led by its three busiest lead agencies, and how many tasks have no lead at all.
// Columns: plan, jurisdiction, title, tasks, no_lead, top3, top3_tasks, top3_share
// Parameters:
//   city  城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
//   plan  方案 plan: its id, title or source file name; null = every plan
// Notes: "led" includes leading a row of the task's annexed table (Part) and section-level leads
//   inherited by the task. top3 lists the three agencies leading most tasks ("name (n)"; ties
//   broken by name); top3_tasks counts the tasks led by at least one of them and
//   top3_share = top3_tasks / tasks, rounded to 3 places. (Computed with list comprehensions:
//   FalkorDB is very slow on an OPTIONAL MATCH whose WHERE names an earlier variable; the leads
//   are matched once per plan, not once per task, which is much faster there.)
// Sorted by top3_share desc, plan.
// Paste first in Neo4j Browser:
// :param city => null
// :param plan => null
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan OR p.title = $plan OR p.source ENDS WITH $plan)
WITH p, count(t) AS tasks
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)-[:HAS_PART*0..1]->(x)<-[r:LEADS]-(a:Agency)
WITH p, tasks, a, collect(DISTINCT t.id) AS ids
ORDER BY size(ids) DESC, a.name, a.id
WITH p, tasks, collect(CASE WHEN a IS NULL THEN NULL ELSE {agency: a.name, ids: ids} END) AS ranked
WITH p, tasks, ranked,
     reduce(acc = [], m IN ranked | acc + [i IN m.ids WHERE NOT i IN acc]) AS led_ids,
     reduce(acc = [], m IN ranked[0..3] | acc + [i IN m.ids WHERE NOT i IN acc]) AS top_ids
WITH p, tasks, tasks - size(led_ids) AS no_lead, size(top_ids) AS top3_tasks,
     [m IN ranked[0..3] | m.agency + ' (' + toString(size(m.ids)) + ')'] AS top3
RETURN p.id AS plan, p.jurisdiction AS jurisdiction, p.title AS title, tasks, no_lead, top3, top3_tasks,
       CASE WHEN tasks = 0 THEN 0.0 ELSE round(1000.0 * top3_tasks / tasks) / 1000.0 END AS top3_share
ORDER BY top3_share DESC, plan
