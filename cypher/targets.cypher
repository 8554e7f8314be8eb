// Title: Quantitative targets
// 中文: 同一指标（如“企业开办时间”）在各地方案中的量化目标，按数值从小到大排列。
// English: The quantitative targets plans set for one subject (e.g. 企业开办时间, business start-up time) across cities, sorted by value.
// Columns: subject, value, unit, comparator, jurisdiction, city, year, task, text
// Parameters:
//   subject  指标 the target's subject; matches any subject containing it ("企业开办" matches
//            "企业开办时间"); null = every subject
//   unit     单位 only targets in this unit (e.g. "工作日"); null = every unit
//   city     城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
// Notes: value is the number the plan commits to, comparator how ("<=" for 压缩至/以内, ">=" for
//   不低于/达到); text is the phrase it was read from. Targets without a value come last.
//   A plan whose district and city are unknown is named by its title where a jurisdiction is shown.
// Sorted by subject, unit, value, jurisdiction.
// Paste first in Neo4j Browser:
// :param subject => '企业开办时间'
// :param unit => null
// :param city => null
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[h:HAS_TARGET]->(g:Target)
WHERE ($subject IS NULL OR g.subject CONTAINS $subject)
  AND ($unit IS NULL OR g.unit = $unit)
  AND ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
RETURN g.subject AS subject, g.value AS value, g.unit AS unit, g.comparator AS comparator,
       coalesce(p.jurisdiction, p.city, p.title, p.id) AS jurisdiction, p.city AS city, p.year AS year,
       t.number AS task, g.text AS text
ORDER BY coalesce(subject, ''), coalesce(unit, ''), CASE WHEN value IS NULL THEN 1 ELSE 0 END, value,
         jurisdiction, g.id
