/**
 * The benchmarks' report: JMH result files and ParkedMemory outputs in, ratios to each workload's
 * reference contender out, as PNG bar charts and Markdown tables. Entry point:
 * {@link dev.weft.benchmarks.report.Charts}; the reference per workload: {@code Workload.TABLE}.
 */
package dev.weft.benchmarks.report;
