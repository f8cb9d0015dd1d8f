package com.shanfu.portal.merchant;

import com.shanfu.tms.contract.CardTypeShare;
import com.shanfu.tms.contract.Day;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.math.BigDecimal;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PiePlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DefaultPieDataset;
import org.jfree.svg.SVGGraphics2D;

/** The dashboard's charts, drawn on the server with JFreeChart into SVG (no charting script in the browser). */
public final class DashboardCharts {

    private static final Color LUMO_PRIMARY = new Color(0x1676f3);
    private static final Font FONT = new Font("WenQuanYi Micro Hei", Font.PLAIN, 11);

    private DashboardCharts() {}

    /** Daily takings (approved sales) of the last 30 days, in yuan. */
    public static String dailyTakings(List<Day> days, String title, String axis) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Day d : days) {
            data.addValue(
                    BigDecimal.valueOf(d.salesFen(), 2),
                    axis,
                    String.format(
                            "%02d-%02d", d.date().getMonthValue(), d.date().getDayOfMonth()));
        }
        JFreeChart chart =
                ChartFactory.createBarChart(title, null, axis, data, PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setSeriesPaint(0, LUMO_PRIMARY);
        bars.setShadowVisible(false);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        plot.getDomainAxis().setTickLabelFont(FONT.deriveFont(9f));
        plot.getRangeAxis().setTickLabelFont(FONT);
        plot.getRangeAxis().setLabelFont(FONT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return svg(chart, 640, 300);
    }

    /** Takings by card scheme and type. */
    public static String cardTypes(
            List<CardTypeShare> shares, String title, java.util.function.Function<CardTypeShare, String> label) {
        DefaultPieDataset<String> data = new DefaultPieDataset<>();
        for (CardTypeShare s : shares) {
            data.setValue(label.apply(s), BigDecimal.valueOf(s.salesFen(), 2));
        }
        JFreeChart chart = ChartFactory.createPieChart(title, data, true, false, false);
        @SuppressWarnings("unchecked")
        PiePlot<String> plot = (PiePlot<String>) chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setLabelGenerator(null); // the legend names the slices
        plot.setShadowPaint(null);
        Color[] palette = {
            LUMO_PRIMARY, new Color(0xe5493a), new Color(0x2eb67d), new Color(0xf2a900), new Color(0x7b61ff)
        };
        int i = 0;
        for (String key : data.getKeys()) {
            plot.setSectionPaint(key, palette[i++ % palette.length]);
        }
        plot.setNoDataMessage("-");
        chart.getLegend().setItemFont(FONT);
        return svg(chart, 320, 300);
    }

    private static String svg(JFreeChart chart, int width, int height) {
        chart.getTitle().setFont(FONT.deriveFont(Font.BOLD, 13f));
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement();
    }
}
