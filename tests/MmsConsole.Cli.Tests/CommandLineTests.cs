using System.Text.Json;

namespace MmsConsole.Cli.Tests;

/// <summary>mm4ctl's verbs, help and usage errors (System.CommandLine), and how a flush run is shown at a terminal
/// and in a pipe. No gateway: nothing here gets as far as the API.</summary>
public sealed class CommandLineTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Mm4Ctl.RunAsync(args, output, error, _ => null);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_lists_every_verb_and_a_verb_s_help_explains_sendmail_selections()
    {
        var help = await Run("--help");
        var flush = await Run("help", "flush");

        Assert.Equal(0, help.Code);
        foreach (var verb in new[] { "queue", "list", "flush", "hold", "release", "operator", "capture", "mm4", "ledger", "nodes" })
            Assert.Matches($@"(?m)^\s+{verb}\b", help.Out);
        Assert.Contains("2 usage", help.Out);
        Assert.Equal(0, flush.Code);
        Assert.Contains(" flush [<SELECTION>...] [options]", flush.Out);   // after the executable's name, mm4ctl when installed
        Assert.Contains("-q!Rstr", flush.Out);
        Assert.Contains("--no-wait", flush.Out);
        Assert.Contains("--node", flush.Out);   // the global options are every verb's
    }

    [Fact]
    public async Task A_mistyped_verb_or_option_value_is_a_usage_error_that_names_it_before_any_call()
    {
        var verb = await Run("flsuh", "-R", "+4512");
        var reject = await Run("operator", "down", "Two", "--reject", "maybe", "--reason", "x");
        var stop = await Run("capture", "stop", "one");
        var noToken = await Run("list", "-qR+4512");

        Assert.Equal((2, true), (verb.Code, verb.Err.Contains("'flsuh'")));
        Assert.Equal((2, true), (reject.Code, reject.Err.Contains("maybe")));
        Assert.Contains("see mm4ctl operator down --help", reject.Err);
        Assert.Equal((2, true), (stop.Code, stop.Err.Contains("one")));
        Assert.Equal((2, true), (noToken.Code, noToken.Err.Contains("no token")));   // parsed; stopped before the API
    }

    private static JsonElement RunJson(int attempted, string state = "Running") => JsonDocument.Parse(
        $$"""{"state":"{{state}}","selected":10,"attempted":{{attempted}},"delivered":{{attempted}},"deferred":0,"bounced":0}""").RootElement;

    [Fact]
    public async Task A_flush_is_a_bar_redrawn_in_place_at_a_terminal_and_a_line_per_change_in_a_pipe()
    {
        var screen = new StringWriter();
        var bar = new FlushProgress(screen, terminal: true, runs: 1);
        await bar.ShowAsync(0, "gw1", RunJson(5));
        await bar.EndFrameAsync(done: false);
        await bar.ShowAsync(0, "gw1", RunJson(10, "Completed"));
        await bar.EndFrameAsync(done: true);

        var pipe = new StringWriter();
        var lines = new FlushProgress(pipe, terminal: false, runs: 1);
        foreach (var n in new[] { 5, 5, 10 })
        {
            await lines.ShowAsync(0, null, RunJson(n, n == 10 ? "Completed" : "Running"));
            await lines.EndFrameAsync(done: n == 10);
        }

        Assert.Contains("gw1:   [###############...............] 5/10", screen.ToString());
        Assert.Contains("\u001b[1A", screen.ToString());   // the second frame is drawn over the first
        Assert.Contains("[##############################] 10/10", screen.ToString());
        Assert.Equal(["  Running: attempted 5 of 10, delivered 5, deferred 0, bounced 0", "  Completed: attempted 10 of 10, delivered 10, deferred 0, bounced 0"],
            pipe.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("\u001b", pipe.ToString());
    }
    [Fact]
    public async Task Tables_fit_their_widest_cell_and_are_cut_at_the_terminal_edge_but_whole_in_a_pipe()
    {
        var table = new TextTable("operator", ">queued", "health");
        table.Add("Telekomunikacja Polska Interconnect MM4 Gateway Cluster North", "12", "unreachable");
        table.Note("unreachable: Connection refused by [10.0.0.2]:25 and by [10.0.0.3]:25 for the last 40 minutes");
        table.Add("Two", "3", "good");

        var pipe = new StringWriter();
        await table.WriteAsync(pipe, width: 0);
        var lines = pipe.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(4, lines.Length);
        Assert.Equal(lines[0].IndexOf("health"), lines[1].IndexOf("unreachable"));   // one column, whatever the name's length
        Assert.Equal(lines[0].IndexOf("health"), lines[3].IndexOf("good"));
        Assert.EndsWith("  3  good", lines[3]);                                         // counts right-aligned under their header
        Assert.Equal("    unreachable: Connection refused by [10.0.0.2]:25 and by [10.0.0.3]:25 for the last 40 minutes", lines[2]);
        Assert.DoesNotContain("\u001b", pipe.ToString());

        var screen = new StringWriter();
        await table.WriteAsync(screen, width: 60);
        var shown = screen.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith("\u001b[1moperator", shown[0]);                                 // the header in bold
        Assert.All(shown.Skip(1), l => Assert.True(l.Length < 60, $"'{l}' is wider than the terminal"));
        Assert.EndsWith("…", shown[1]);
        var wide = new StringWriter();
        await table.WriteAsync(wide, width: 200);
        Assert.Contains("  3  good\n", wide.ToString().Replace("\r", ""));             // a row that fits is not cut
    }
}
