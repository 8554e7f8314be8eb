// Title: Agency profile
// 中文: 一个部门的画像：牵头和配合的任务、所在方案、最常合作的部门以及涉及的改革。
// English: One agency at a glance: the tasks it leads and supports, its plans, its most frequent partners and the reforms it works on.
// Columns: agency, jurisdiction, kind, led, supported, plans, partners, reforms
// Parameters:
//   agency        部门 the agency's name (e.g. "市市场监管局") or id ("常州市/常州市市场监督管理局");
//                 null = the busiest agencies (see limit)
//   jurisdiction  所属地区 only the agency of this jurisdiction (e.g. "常州市"); null = any
//   limit         (int) at most this many agencies, the busiest first (most tasks led or supported)
// Notes: without an agency this profiles the `limit` busiest agencies (ties by name, then
//   jurisdiction) — the first rows of the full list. Ranking, led / supported and plans read
//   the per-plan summaries (Agency)-[:WORKS_IN {tasks, led}]->(Plan) written at load time.
//   led / supported as in agency-workload (a task counts once; leading wins). plans lists
//   the jurisdictions of its plans in name order; partners the agencies sharing most of its
//   tasks ("name (n)", at most 10); reforms the reforms its tasks target, most frequent first
//   (at most 10). Partners are matched in a second MATCH clause so that Neo4j's
//   relationship-uniqueness rule keeps partners named on the same annexed-table row (Part);
//   that MATCH also finds the agency itself (dropped when listing), which keeps agencies
//   without partners and avoids an OPTIONAL MATCH … WHERE, which FalkorDB runs very slowly.
//   A plan whose district and city are unknown is named by its title where a jurisdiction is shown.
// Sorted by led + supported desc, agency, jurisdiction.
// Paste first in Neo4j Browser:
// :param agency => null
// :param jurisdiction => null
// :param limit => 20
MATCH (a:Agency)
WHERE ($agency IS NULL OR a.name = $agency OR a.id = $agency)
  AND ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction)
MATCH (a)-[w:WORKS_IN]->(:Plan)
WITH a, sum(w.tasks) AS busy
ORDER BY busy DESC, a.name, coalesce(a.jurisdiction, '')
LIMIT $limit
MATCH (a)-[:LEADS|SUPPORTS]->(x)<-[:HAS_PART*0..1]-(t:Task)
MATCH (t)-[:HAS_PART*0..1]->(y)<-[s:LEADS|SUPPORTS]-(b:Agency)
WITH a, b, count(DISTINCT t) AS n
ORDER BY n DESC, b.name, b.id
WITH a, collect(CASE WHEN b.id = a.id THEN NULL ELSE b.name + ' (' + toString(n) + ')' END)[0..10] AS partners
MATCH (a)-[:LEADS|SUPPORTS]->(x)<-[:HAS_PART*0..1]-(t:Task)
OPTIONAL MATCH (t)-[e:TARGETS]->(rf:Reform)
WITH a, partners, rf, count(DISTINCT t) AS n
ORDER BY n DESC, rf.name
WITH a, partners, collect(rf.name)[0..10] AS reforms
MATCH (a)-[w:WORKS_IN]->(p:Plan)
WITH a, partners, reforms, p, w
ORDER BY coalesce(p.jurisdiction, p.city, p.title, p.id)
WITH a, partners, reforms, toInteger(sum(w.tasks)) AS total, toInteger(sum(w.led)) AS led,
     collect(DISTINCT coalesce(p.jurisdiction, p.city, p.title, p.id)) AS plans
RETURN a.name AS agency, a.jurisdiction AS jurisdiction, a.kind AS kind, led, total - led AS supported, plans,
       partners, reforms
ORDER BY led + supported DESC, agency, coalesce(jurisdiction, '')
