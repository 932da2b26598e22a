package dev.mzsh.ui.split;

/** A screen area: top-left corner and size, in cells. */
public record Rect(int col, int row, int cols, int rows) {
    public boolean overlaps(Rect o) {
        return col < o.col + o.cols && o.col < col + cols && row < o.row + o.rows && o.row < row + rows;
    }

    public boolean within(int screenCols, int screenRows) {
        return col >= 0 && row >= 0 && cols > 0 && rows > 0 && col + cols <= screenCols && row + rows <= screenRows;
    }
}
