using System.Text.RegularExpressions;
using System.Xml.Linq;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Deployment;

/// <summary>No Docker engine runs here, so the Docker files are checked offline: by docker-compose's
/// own parser, by npm's dockerfile-utils linter (both installed by test.sh), and against the
/// repository (every project the image needs is copied before restore, ports and paths agree).</summary>
public sealed partial class DockerFilesTests
{
    private static readonly string Root = RepoRoot.Path;
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(Root, "docker", "Dockerfile"));

    private static (int Code, string Output) Run(string file, IEnumerable<string> args, IDictionary<string, string?>? env = null) =>
        ExternalTool.Run(file, args, Root, psi =>
        {
            foreach (var (k, v) in env ?? new Dictionary<string, string?>()) psi.Environment[k] = v;
            foreach (var secret in new[] { "MM4_ADMIN_PASSWORD", "MM4_DB_PASSWORD" })
            {
                psi.Environment.Remove(secret);
                if (env?.TryGetValue(secret, out var value) == true) psi.Environment[secret] = value;
            }
        });

    [Fact]
    public void The_compose_file_is_valid_and_has_no_built_in_password()
    {
        var withPasswords = Run("docker-compose", ["-f", "docker-compose.yml", "config", "-q"],
            new Dictionary<string, string?> { ["MM4_ADMIN_PASSWORD"] = "a long demo password", ["MM4_DB_PASSWORD"] = "another long one" });
        var withoutAdmin = Run("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], new Dictionary<string, string?> { ["MM4_DB_PASSWORD"] = "another long one" });
        var withoutDatabase = Run("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], new Dictionary<string, string?> { ["MM4_ADMIN_PASSWORD"] = "a long demo password" });

        Assert.True(withPasswords.Code == 0, withPasswords.Output);
        Assert.NotEqual(0, withoutAdmin.Code);
        Assert.Contains("set MM4_ADMIN_PASSWORD", withoutAdmin.Output);
        Assert.NotEqual(0, withoutDatabase.Code);
        Assert.Contains("set MM4_DB_PASSWORD", withoutDatabase.Output);
    }

    [Fact]
    public void The_Dockerfile_passes_the_linter()
    {
        var lint = Run("npx", ["--yes", "dockerfile-utils@0.16.3", "lint", "docker/Dockerfile"]);

        Assert.True(lint.Code == 0, lint.Output);
        Assert.DoesNotContain("error", lint.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_project_the_image_publishes_is_copied_before_restore_and_every_copied_path_exists()
    {
        var build = Dockerfile[..Dockerfile.IndexOf("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)];
        var beforeRestore = build[..build.IndexOf("dotnet restore", StringComparison.Ordinal)];
        var needed = new HashSet<string>();
        void Add(string project)
        {
            var relative = Path.GetRelativePath(Root, project).Replace('\\', '/');
            if (!needed.Add(relative)) return;
            foreach (var r in XDocument.Load(project).Descendants("ProjectReference"))
                Add(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, r.Attribute("Include")!.Value.Replace('\\', '/'))));
        }
        Add(Path.Combine(Root, "src", "MmsConsole.Web", "MmsConsole.Web.csproj"));
        Add(Path.Combine(Root, "src", "MmsConsole.Cli", "MmsConsole.Cli.csproj"));

        foreach (var project in needed) Assert.Contains($"COPY {project} ", beforeRestore);
        var sources = Copy().Matches(build).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]).ToList();
        Assert.Contains("Directory.Packages.props", sources);
        foreach (var source in sources)
            Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"COPY {source}: not in the repository");
        Assert.Contains("**/bin/", File.ReadAllText(Path.Combine(Root, ".dockerignore")));
    }

    [Fact]
    public void The_image_runs_unprivileged_on_the_ports_and_volume_the_compose_file_uses()
    {
        var runtime = Dockerfile[Dockerfile.IndexOf("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)..];
        var compose = File.ReadAllText(Path.Combine(Root, "docker-compose.yml"));

        Assert.Contains("USER $APP_UID", runtime);
        Assert.Contains("EXPOSE 8080 2525", runtime);
        Assert.Contains("Urls=http://0.0.0.0:8080", runtime);
        Assert.Contains("Gateway__Smtp__Listen__0=0.0.0.0:2525", runtime);
        Assert.Contains("Gateway__DataDirectory=/data", runtime);
        Assert.Contains("VOLUME [\"/data\"]", runtime);
        Assert.Contains("- \"25:2525\"", compose);
        Assert.Contains("- \"8080:8080\"", compose);
        Assert.Contains("- gateway-data:/data", compose);
        Assert.Contains("- gateway-2-data:/data", compose);   // a spool of its own for each node
        Assert.Contains("Registry__Provider: Postgres", compose);
    }

    // COPY lines of the build stage (not COPY --from=...): sources, then the destination.
    [GeneratedRegex(@"^COPY (?!--)(.+)$", RegexOptions.Multiline)]
    private static partial Regex Copy();
}
