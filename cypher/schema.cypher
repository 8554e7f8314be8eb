// graphkit graph schema — constraints and indexes (run once per database; idempotent).
// Title: schema
// 中文: graphkit 图模式——唯一约束与索引。
// English: The graph schema: uniqueness constraints on every node key, plus lookup indexes.
//
// Nodes (key property first):
//   (:City   {name, province})
//   (:Plan   {id, title, issuer, jurisdiction, city, district, province, level, year, date, doc_no, source})
//   (:Task   {id, plan_id, number, number_implied, text, section, span, lead_explicit,
//             deadline, deadline_date, ongoing})
//   (:Agency {id, name, jurisdiction, kind})
//   (:Reform {name, category, gloss})
//   (:Target {id, task_id, subject, value, unit, comparator, text, span})
// Relationships (every one carries provenance: plan_id, span [start, end], evidence):
//   (:City)-[:ISSUED]->(:Plan)
//   (:Plan)-[:HAS_TASK]->(:Task)
//   (:Agency)-[:LEADS {inferred}]->(:Task)
//   (:Agency)-[:SUPPORTS]->(:Task)
//   (:Task)-[:TARGETS {mention}]->(:Reform)
//   (:Task)-[:HAS_TARGET]->(:Target)
