// Title: Agency collaboration
// 中文: 哪些部门经常被共同分派到同一任务——部门两两组合及共同任务数（协作网络的边）。
// English: Pairs of agencies assigned to the same tasks, with how many tasks and plans they share — the edges of the collaboration network.
// Columns: agency_a, jurisdiction_a, agency_b, jurisdiction_b, tasks, both_lead, plans
// Parameters:
//   city       城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
//   plan       方案 plan: its id, title or source file name; null = every plan
//   agency     部门 only pairs that include this agency (its name, e.g. "市市场监管局"); null = every pair
//   min_tasks  (int) only pairs sharing at least this many tasks
//   limit      (int) at most this many pairs, those sharing the most tasks first; raise it
//              (e.g. 100000) for the whole network
// Notes: two agencies are co-assigned when both lead or support the task or a row of its
//   annexed table (Part); both_lead counts the shared tasks both of them lead. Each pair appears
//   once, ordered by agency id. Over the whole corpus (no city, no plan) the query reads the
//   corpus-wide counts (Agency)-[:WORKS_WITH {tasks, both_lead, plans}]->(Agency) kept up to
//   date at load time; for a city or a plan it pairs the agencies of those plans' tasks (each
//   task's agencies collected once and paired in a list; the two agencies are matched in separate
//   MATCH clauses — in one pattern Neo4j would refuse to reuse the HAS_PART edge and miss pairs
//   sharing a table row). The UNWIND of a one- or zero-element list picks the half of the
//   UNION that runs; the other returns nothing. The whole-corpus half sorts the pairs before it
//   reads their names and jurisdictions, so only the kept rows are projected (10,000 plans:
//   0.76 s instead of 0.93 s).
// Sorted by tasks desc, plans desc, agency_a, agency_b.
// Paste first in Neo4j Browser:
// :param city => null
// :param plan => null
// :param agency => null
// :param min_tasks => 1
// :param limit => 200
UNWIND CASE WHEN $city IS NULL AND $plan IS NULL THEN [true] ELSE [] END AS whole_corpus
MATCH (a:Agency)-[w:WORKS_WITH]->(b:Agency)
WHERE w.tasks >= $min_tasks AND ($agency IS NULL OR a.name = $agency OR b.name = $agency)
WITH a, b, w
ORDER BY w.tasks DESC, w.plans DESC, a.name, b.name, a.id, b.id
LIMIT $limit
RETURN a.name AS agency_a, a.jurisdiction AS jurisdiction_a, b.name AS agency_b, b.jurisdiction AS jurisdiction_b,
       w.tasks AS tasks, w.both_lead AS both_lead, w.plans AS plans
UNION ALL
UNWIND CASE WHEN $city IS NULL AND $plan IS NULL THEN [] ELSE [true] END AS filtered
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan OR p.title = $plan OR p.source ENDS WITH $plan)
MATCH (t)-[:HAS_PART*0..1]->(x)<-[r:LEADS|SUPPORTS]-(a:Agency)
WITH p, t, collect(DISTINCT a) AS agencies, collect(DISTINCT CASE WHEN type(r) = 'LEADS' THEN a.id END) AS leaders
UNWIND range(0, size(agencies) - 2) AS i
UNWIND range(i + 1, size(agencies) - 1) AS j
WITH p, t, agencies[i] AS u, agencies[j] AS v, leaders
WITH p, t, CASE WHEN u.id < v.id THEN u ELSE v END AS a, CASE WHEN u.id < v.id THEN v ELSE u END AS b, leaders
WHERE $agency IS NULL OR a.name = $agency OR b.name = $agency
WITH a, b, count(t) AS tasks, count(DISTINCT p) AS plans,
     count(CASE WHEN a.id IN leaders AND b.id IN leaders THEN t END) AS both_lead
WHERE tasks >= $min_tasks
RETURN a.name AS agency_a, a.jurisdiction AS jurisdiction_a, b.name AS agency_b, b.jurisdiction AS jurisdiction_b,
       tasks, both_lead, plans
ORDER BY tasks DESC, plans DESC, agency_a, agency_b, a.id, b.id
LIMIT $limit
