using System.Text;

namespace MmsConsole.Cli;

/// <summary>Rows in columns as wide as their widest cell, so a 60-character operator name does not push every
/// column after it out of line. At a terminal the header is bold and each line is cut at the window's edge
/// with "…" (a table that wraps is unreadable); piped, every line is whole and plain, for grep and awk.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _right;
    private readonly List<(string[] Cells, List<string> Notes)> _rows = [];

    /// <param name="columns">Header texts; a header starting with '>' is right-aligned (counts), the '>' not shown.</param>
    public TextTable(params string[] columns)
    {
        _right = columns.Select(c => c.StartsWith('>')).ToArray();
        _headers = columns.Select(c => c.TrimStart('>')).ToArray();
    }

    public int Count => _rows.Count;

    public void Add(params string?[] cells)
    {
        if (cells.Length != _headers.Length) throw new ArgumentException($"{cells.Length} cells for {_headers.Length} columns");
        _rows.Add((cells.Select(c => c ?? "-").ToArray(), []));
    }

    /// <summary>An indented line under the last row: why an operator is unreachable, a ledger lint.</summary>
    public void Note(string line) => _rows[^1].Notes.Add(line);

    /// <param name="width">The terminal's width in columns; 0 when piped (nothing is cut, nothing is styled).</param>
    public async Task WriteAsync(TextWriter output, int width)
    {
        var widths = _headers.Select((h, i) => _rows.Select(r => r.Cells[i].Length).Append(h.Length).Max()).ToArray();
        var header = Line(_headers, widths);
        await output.WriteLineAsync(width > 0 ? $"\u001b[1m{Cut(header, width)}\u001b[0m" : header);
        foreach (var (cells, notes) in _rows)
        {
            await output.WriteLineAsync(Cut(Line(cells, widths), width));
            foreach (var note in notes) await output.WriteLineAsync(Cut("    " + note, width));
        }
    }

    private string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) line.Append("  ");
            var last = i == cells.Length - 1;
            line.Append(_right[i] ? cells[i].PadLeft(widths[i]) : last ? cells[i] : cells[i].PadRight(widths[i]));
        }
        return line.ToString();
    }

    private static string Cut(string line, int width) =>
        width <= 0 || line.Length < width ? line : string.Concat(line.AsSpan(0, width - 2), "…");

    /// <summary>The width to cut at: the terminal's, or 0 when the output is not one (or it cannot be asked).</summary>
    public static int TerminalWidth(bool terminal)
    {
        if (!terminal) return 0;
        try { return Console.WindowWidth > 20 ? Console.WindowWidth : 0; }
        catch (IOException) { return 0; }
    }
}
