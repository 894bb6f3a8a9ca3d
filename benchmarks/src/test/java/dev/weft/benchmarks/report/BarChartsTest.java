package dev.weft.benchmarks.report;

import static dev.weft.benchmarks.report.Samples.m;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartsTest {

    private static Comparison generator() {
        return Comparison.of(List.of(
                m("r", "GeneratorBenchmark", "rawContinuation", 200, Map.of("depth", "1")),
                m("r", "GeneratorBenchmark", "weftGenerator", 800, Map.of("depth", "1")),
                m("r", "GeneratorBenchmark", "rawContinuation", 250, Map.of("depth", "20")),
                m("r", "GeneratorBenchmark", "weftGenerator", 750, Map.of("depth", "20")))).get(0);
    }

    @Test
    void seriesAreGroupsAndCategoriesAreContenders() {
        DefaultCategoryDataset data = BarCharts.dataset(generator());
        assertEquals(List.of("depth=1", "depth=20"), data.getRowKeys());
        assertEquals(List.of("rawContinuation (reference)", "weftGenerator"), data.getColumnKeys());
        assertEquals(4.0, data.getValue("depth=1", "weftGenerator").doubleValue());
        assertEquals(3.0, data.getValue("depth=20", "weftGenerator").doubleValue());
        assertEquals(1.0, data.getValue("depth=20", "rawContinuation (reference)").doubleValue());
    }

    @Test
    void seriesNameTheRunWhenThereAreSeveral() {
        Comparison c = Comparison.of(List.of(
                m("a", "SwitchBenchmark", "virtualSingleCarrier", 1, Map.of()),
                m("b", "SwitchBenchmark", "virtualSingleCarrier", 1, Map.of()),
                m("b", "GeneratorBenchmark", "rawContinuation", 1, Map.of("depth", "1")),
                m("c", "GeneratorBenchmark", "rawContinuation", 1, Map.of("depth", "1")))).get(0);
        assertEquals(List.of("a", "b"), BarCharts.dataset(c).getRowKeys());
        Comparison g = Comparison.of(List.of(
                m("b", "GeneratorBenchmark", "rawContinuation", 1, Map.of("depth", "1")),
                m("c", "GeneratorBenchmark", "rawContinuation", 1, Map.of("depth", "1")))).get(0);
        assertEquals(List.of("b, depth=1", "c, depth=1"), BarCharts.dataset(g).getRowKeys());
    }

    @Test
    void axisIsLogarithmicOnlyForASpreadAboveTenfold() {
        JFreeChart narrow = BarCharts.chart(generator()); // 1x .. 4x
        assertInstanceOf(NumberAxis.class, narrow.getCategoryPlot().getRangeAxis());
        assertFalse(BarCharts.needsLogScale(BarCharts.dataset(generator())));

        Comparison wide = Comparison.of(List.of(
                m("r", "SwitchBenchmark", "virtualSingleCarrier", 300, Map.of()),
                m("r", "SwitchBenchmark", "platformThreads", 14000, Map.of()))).get(0);
        assertTrue(BarCharts.needsLogScale(BarCharts.dataset(wide)));
        assertInstanceOf(LogAxis.class, BarCharts.chart(wide).getCategoryPlot().getRangeAxis());
    }

    @Test
    void writesOnePngPerWorkloadSizedByItsBars(@TempDir File dir) throws Exception {
        File png = BarCharts.write(generator(), dir);
        assertEquals(new File(dir, "generator.png"), png);
        BufferedImage image = ImageIO.read(png);
        assertEquals(BarCharts.WIDTH, image.getWidth());
        assertEquals(BarCharts.height(BarCharts.dataset(generator())), image.getHeight());
        assertEquals(190 + 22 * 2 * 2, image.getHeight());
    }

    @Test
    void aWorkloadWithoutAnyRatioGetsNoChart(@TempDir File dir) throws Exception {
        Comparison noReference = Comparison.of(List.of(m("r", "SpawnBenchmark", "weftLoom", 10, Map.of()))).get(0);
        assertNull(BarCharts.chart(noReference));
        assertNull(BarCharts.write(noReference, dir));
        assertEquals(0, dir.list().length);
    }
}
