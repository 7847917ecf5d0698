using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MmsGateway.Relay.Smtp;

namespace MmsConsole.Web.Hosting;

/// <summary>With <c>Gateway:ReadyFile</c> set, writes that file once the whole host has started: the SMTP
/// and HTTP endpoints actually bound (a listen port of 0 resolved) and the process id, as JSON. A script
/// or a test waits for the file instead of guessing a free port or polling a health URL. Written to a
/// temporary name and renamed, so a reader never sees half of it; removed again on a clean stop.</summary>
public sealed class ReadyFile(IConfiguration configuration, IHostApplicationLifetime lifetime, IServer server, SmtpListener smtp,
    ILogger<ReadyFile> log) : IHostedService
{
    public const string Setting = "Gateway:ReadyFile";

    public sealed record Contents(IReadOnlyList<string> Smtp, IReadOnlyList<string> Http, int Pid);

    private string? Path => configuration[Setting] is { Length: > 0 } p ? System.IO.Path.GetFullPath(p) : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Path is not { } path) return Task.CompletedTask;
        lifetime.ApplicationStarted.Register(() => Write(path));
        return Task.CompletedTask;
    }

    private void Write(string path)
    {
        var http = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var contents = new Contents(smtp.Endpoints.Select(e => e.ToString()).ToList(), http, Environment.ProcessId);
        try
        {
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(contents, JsonSerializerOptions.Web));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError(e, "Ready file {Path} could not be written", path);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Path is { } path) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // a stale file names a dead pid
        return Task.CompletedTask;
    }
}
