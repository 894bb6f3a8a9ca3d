package dev.weft.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.File;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * One PNG per workload: a horizontal bar per contender and group (run and parameters) showing its
 * ratio to the reference, labelled with the ratio, a dashed line at 1×. The ratio axis is
 * logarithmic when the largest ratio is more than {@link #LOG_SCALE_ABOVE} times the smallest,
 * linear from 0 otherwise. Groups without a reference are left out (they have no ratio).
 */
final class BarCharts {
    /** Spread of ratios (largest / smallest) above which the axis is logarithmic. */
    static final double LOG_SCALE_ABOVE = 10;
    static final int WIDTH = 1000;
    private static final int BAR_HEIGHT = 22;
    private static final int FRAME_HEIGHT = 190;
    /** Series colours (Tableau 10), distinguishable in print and by most colour-blind readers. */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC),
    };

    private BarCharts() {
    }

    /** The chart's data: rows (series) are groups, columns (categories) are contenders. */
    static DefaultCategoryDataset dataset(Comparison c) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        boolean manyRuns = c.runs().size() > 1;
        for (Comparison.Group g : c.groups()) {
            if (g.reference() == null) {
                continue;
            }
            String series = seriesLabel(g, manyRuns);
            for (Comparison.Row r : g.rows()) {
                data.addValue(r.ratio(), series, r.contender() + (r.isReference() ? " (reference)" : ""));
            }
        }
        return data;
    }

    /** E.g. {@code short, depth=20}, {@code depth=20}, or the run's name alone. */
    static String seriesLabel(Comparison.Group g, boolean withRun) {
        String params = g.paramsLabel();
        if (withRun && !params.isEmpty()) {
            return g.run() + ", " + params;
        }
        return params.isEmpty() ? g.run() : params;
    }

    /** {@code true} if the ratios spread over more than {@link #LOG_SCALE_ABOVE}×. */
    static boolean needsLogScale(DefaultCategoryDataset data) {
        double[] range = ratioRange(data);
        return range[1] / range[0] > LOG_SCALE_ABOVE;
    }

    /**
     * Builds the chart, or returns {@code null} if no group has a ratio (no reference measured, or a
     * workload without one).
     */
    static JFreeChart chart(Comparison c) {
        DefaultCategoryDataset data = dataset(c);
        if (data.getRowCount() == 0) {
            return null;
        }
        Workload w = c.workload();
        double[] range = ratioRange(data);
        boolean log = needsLogScale(data);
        DecimalFormat ticks = new DecimalFormat("0.####'×'", DecimalFormatSymbols.getInstance(Locale.ROOT));
        NumberFormat labels = new RatioFormat();
        String axisLabel = "ratio to " + w.reference() + " (" + (log ? "log scale, " : "") + "lower is better)";
        ValueAxis axis;
        if (log) {
            LogAxis logAxis = new LogAxis(axisLabel);
            logAxis.setBase(2); // ticks at powers of two: 0.5×, 1×, 2×, 4×, ...
            logAxis.setTickUnit(new NumberTickUnit(1));
            logAxis.setMinorTickCount(0);
            logAxis.setSmallestValue(1e-6);
            logAxis.setNumberFormatOverride(ticks);
            logAxis.setRange(range[0] / 1.6, range[1] * 2.2); // room for the labels at the bar ends
            axis = logAxis;
        } else {
            NumberAxis linear = new NumberAxis(axisLabel);
            linear.setNumberFormatOverride(ticks);
            double upper = Math.max(range[1], 1) * 1.2;
            linear.setRange(0, upper);
            linear.setTickUnit(new NumberTickUnit(upper <= 3 ? 0.25 : upper <= 6 ? 0.5 : 1));
            axis = linear;
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.04);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", labels));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        renderer.setItemLabelInsets(new RectangleInsets(0, 4, 0, 4));
        for (int i = 0; i < PALETTE.length; i++) {
            renderer.setSeriesPaint(i, PALETTE[i]);
        }

        CategoryAxis contenders = new CategoryAxis(null);
        contenders.setCategoryMargin(0.15);
        CategoryPlot plot = new CategoryPlot(data, contenders, axis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        ValueMarker one = new ValueMarker(1.0, Color.DARK_GRAY, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        plot.addRangeMarker(one);

        JFreeChart chart = new JFreeChart(w.id() + ": " + w.title(), new Font(Font.SANS_SERIF, Font.BOLD, 15), plot,
                data.getRowCount() > 1);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 6, 6, 24));
        chart.addSubtitle(new TextTitle("1× = " + w.reference() + " (" + w.referenceDescription()
                + ") of the same run and parameters", new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        return chart;
    }

    /** Pixel height for the chart: a fixed frame plus a bar's height per bar. */
    static int height(DefaultCategoryDataset data) {
        return FRAME_HEIGHT + BAR_HEIGHT * data.getRowCount() * data.getColumnCount();
    }

    /**
     * Writes the chart as {@code DIR/ID.png}.
     *
     * @return the file written, or {@code null} if the workload has no ratio to chart
     * @throws IOException if the file cannot be written
     */
    static File write(Comparison c, File dir) throws IOException {
        JFreeChart chart = chart(c);
        if (chart == null) {
            return null;
        }
        File file = new File(dir, c.workload().id() + ".png");
        DefaultCategoryDataset data = (DefaultCategoryDataset) chart.getCategoryPlot().getDataset();
        ChartUtils.saveChartAsPNG(file, chart, WIDTH, height(data));
        return file;
    }

    /** Bar labels exactly as in the tables ({@link MarkdownTables#ratio}). */
    private static final class RatioFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(MarkdownTables.ratio(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(MarkdownTables.ratio(number));
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            throw new UnsupportedOperationException("only formats ratios");
        }
    }

    private static double[] ratioRange(DefaultCategoryDataset data) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int r = 0; r < data.getRowCount(); r++) {
            for (int col = 0; col < data.getColumnCount(); col++) {
                Number v = data.getValue(r, col);
                if (v != null && v.doubleValue() > 0 && !Double.isInfinite(v.doubleValue())) {
                    min = Math.min(min, v.doubleValue());
                    max = Math.max(max, v.doubleValue());
                }
            }
        }
        return max == 0 ? new double[] {1, 1} : new double[] {Math.min(min, 1), Math.max(max, 1)};
    }
}
