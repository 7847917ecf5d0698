using MmsGateway.Testing;
using static MmsGateway.Relay.Tests.Architecture.RelayLayers;

namespace MmsGateway.Relay.Tests.Architecture;

/// <summary>Issue 12: the relay's parts depend one way, and stay so.</summary>
public class RelayLayersTests
{
    private static IReadOnlyList<SourceFile> RelaySources()
    {
        var project = Path.Combine(RepoRoot.Path, "src", "MmsGateway.Relay");
        return Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(project, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith("obj/") && !p.StartsWith("bin/"))
            .Order()
            .Select(p => new SourceFile(p, File.ReadAllText(Path.Combine(project, p))))
            .ToList();
    }

    [Fact]
    public void Every_arrow_inside_the_relay_points_down()
    {
        var files = RelaySources();
        Assert.True(files.Count > 50, $"only {files.Count} relay sources found: wrong directory?");
        var violations = Violations(files).ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void An_arrow_pointing_up_is_named_by_its_file()
    {
        var files = new[]
        {
            new SourceFile("Spool/SpoolWriter.cs", "using MmsGateway.Relay.Queue;\nnamespace MmsGateway.Relay.Spool;\n"),
            new SourceFile("Queue/QueueIndex.cs", "namespace MmsGateway.Relay.Queue;\nclass A { Control.FlushRun? F; }"),
        };
        var violations = Violations(files).ToList();
        Assert.Contains(violations, v => v.StartsWith("Spool/SpoolWriter.cs: Spool (layer 0) uses Queue (layer 1)"));
        Assert.Contains(violations, v => v.StartsWith("Queue/QueueIndex.cs: Queue (layer 1) uses Control (layer 3)"));
    }

    [Fact]
    public void A_cycle_is_reported_with_the_files_that_close_it()
    {
        var files = new[]
        {
            new SourceFile("Smtp/SmtpSession.cs", "using MmsGateway.Relay.Policy;\nnamespace MmsGateway.Relay.Smtp;\n"),
            new SourceFile("Policy/AccessPolicy.cs", "using MmsGateway.Relay.Smtp;\nnamespace MmsGateway.Relay.Policy;\n"),
        };
        var violations = Violations(files).ToList();
        Assert.Contains("cycle Policy (Policy/AccessPolicy.cs) -> Smtp (Smtp/SmtpSession.cs) -> Policy", violations);
    }

    [Fact]
    public void A_sideways_arrow_a_new_part_and_a_misplaced_namespace_are_each_refused()
    {
        var files = new[]
        {
            new SourceFile("Delivery/X.cs", "namespace MmsGateway.Relay.Delivery;\nclass X { MmsGateway.Relay.Smtp.SmtpReply R; }"),
            new SourceFile("Sms/Y.cs", "namespace MmsGateway.Relay.Sms;"),
            new SourceFile("Queue/Z.cs", "namespace MmsGateway.Relay.Control;"),
        };
        var violations = Violations(files).ToList();
        Assert.Contains(violations, v => v.StartsWith("Delivery/X.cs: Delivery (layer 2) uses Smtp (layer 2)"));
        Assert.Contains(violations, v => v.StartsWith("Sms/Y.cs: part 'Sms' has no layer"));
        Assert.Contains(violations, v => v.StartsWith("Queue/Z.cs: declares namespace 'MmsGateway.Relay.Control'"));
    }

    [Fact]
    public void Prose_in_comments_and_strings_is_not_a_use_but_a_cref_is()
    {
        const string text = """
            // Control.FlushRun used to live here
            /// <see cref="Delivery.DeliveryAttempt"/>
            var s = "Smtp.SmtpReply";
            options.Spool.SegmentSize = 1;
            """;
        Assert.Equal(["Delivery"], Uses(text));
    }
}
