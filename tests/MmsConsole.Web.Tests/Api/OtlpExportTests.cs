using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Api;

/// <summary>Gateway:Telemetry:OtlpEndpoint pushes the MmsGateway instruments to an OpenTelemetry collector: here a
/// real HTTP server on loopback that takes OTLP/HTTP posts as a collector's receiver does.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task The_gateway_s_instruments_reach_an_OTLP_receiver_at_the_configured_interval()
    {
        var posts = new ConcurrentQueue<(string ContentType, byte[] Body)>();
        var receiver = WebApplication.CreateSlimBuilder();
        receiver.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = receiver.Build();
        collector.MapPost("/v1/metrics", async (HttpContext c) =>
        {
            using var body = new MemoryStream();
            await c.Request.Body.CopyToAsync(body);
            posts.Enqueue((c.Request.ContentType ?? "", body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        await using var app = new GatewayAppFactory(new Dictionary<string, string>
        {
            ["Gateway:Telemetry:OtlpEndpoint"] = endpoint + "/v1/metrics",
            ["Gateway:Telemetry:OtlpInterval"] = "00:00:01",
        });
        using var http = app.CreateClient();   // starts the host
        Assert.StartsWith("250", await RawSmtp.SendMessageAsync(app.Smtp, "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs",
            "+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs", "hello"));

        await Eventually.True(() => posts.Any(p => Encoding.UTF8.GetString(p.Body).Contains("mm4_accepted_messages_total")),
            TimeSpan.FromSeconds(15), "an OTLP export with the acceptance counter");
        var post = posts.First(p => Encoding.UTF8.GetString(p.Body).Contains("mm4_accepted_messages_total"));
        Assert.Equal("application/x-protobuf", post.ContentType);
        var text = Encoding.UTF8.GetString(post.Body);
        Assert.Contains("mm4_smtp_sessions_total", text);
        Assert.Contains("MmsGateway", text);   // the instrumentation scope
    }

    [Fact]
    public async Task A_bad_OTLP_endpoint_stops_start_up_naming_the_key()
    {
        await using var app = new GatewayAppFactory(new Dictionary<string, string> { ["Gateway:Telemetry:OtlpEndpoint"] = "collector:4318" });

        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Gateway:Telemetry:OtlpEndpoint 'collector:4318' is not an http(s) URL", e.ToString());
    }
}
