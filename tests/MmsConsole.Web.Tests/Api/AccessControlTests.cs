using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using MmsConsole.Web.Api;
using MmsGateway.Registry.Model;

namespace MmsConsole.Web.Tests.Api;

/// <summary>Every route the app maps, read from its endpoint table so that a new page or API call
/// cannot be forgotten: refused without a user, and every action refused to a Viewer.</summary>
public sealed class AccessControlTests
{
    // The only routes anyone may reach: the login form and its POST, the probes, static files.
    private static readonly string[] Anonymous = ["/login", "/account/login", "/healthz", "/readyz", "/Error"];

    private static IReadOnlyList<RouteEndpoint> Endpoints(GatewayAppFactory app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static string Method(Endpoint e) => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";

    // A concrete URL for a pattern: {id:int} -> 1, {name} -> x, {**rest} -> x.
    private static string Url(RouteEndpoint e)
    {
        var path = "/" + string.Join('/', e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { ParameterPolicies.Count: > 0 } => "1",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart s => s.Content,
            _ => "x",
        }))));
        return path;
    }

    private static HttpRequestMessage Request(RouteEndpoint e) =>
        new(new HttpMethod(Method(e)), Url(e)) { Content = Method(e) is "GET" or "DELETE" ? null : new StringContent("{}", Encoding.UTF8, "application/json") };

    [Fact]
    public async Task Every_route_refuses_a_request_without_a_user_pages_by_redirect_programs_by_401()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.AnonymousClient();
        var checkedRoutes = 0;

        foreach (var e in Endpoints(app))
        {
            var url = Url(e);
            if (e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null) continue;
            if (e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.Contains(url, Anonymous);
                continue;
            }
            using var response = await http.SendAsync(Request(e));
            var program = url.StartsWith("/api") || url.StartsWith("/hubs") || url.StartsWith("/_blazor") || url.StartsWith("/openapi") || url.StartsWith("/metrics");
            if (program)
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{Method(e)} {url}: {(int)response.StatusCode}, not 401");
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{Method(e)} {url}: {(int)response.StatusCode}, not a redirect to /login");
                Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
            }
            checkedRoutes++;
        }

        Assert.True(checkedRoutes > 40, $"only {checkedRoutes} routes were found: the endpoint table was not read");
    }

    [Fact]
    public async Task A_viewer_sees_but_is_refused_every_action()
    {
        await using var app = new GatewayAppFactory();
        using var viewer = app.ClientAs(ConsoleRole.Viewer);
        var actions = Endpoints(app).Where(e => e.Metadata.GetMetadata<AuditedAction>() is not null).ToList();

        foreach (var e in actions)
        {
            using var response = await viewer.SendAsync(Request(e));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{Method(e)} {Url(e)}: {(int)response.StatusCode}, not 403");
        }

        Assert.True(actions.Count >= 20, $"only {actions.Count} actions");
        using var admin = app.CreateClient();
        var trail = await admin.GetJson("/api/audit?take=1000");
        Assert.Equal(actions.Count, trail.GetProperty("total").GetInt32());
        Assert.All(trail.GetProperty("records").EnumerateArray(), r =>
        {
            Assert.False(r.GetProperty("succeeded").GetBoolean());
            Assert.StartsWith("token:Viewer-", r.GetProperty("user").GetString());
        });
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/queue/counts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/operators")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task Every_API_call_that_changes_something_is_an_audited_action()
    {
        await using var app = new GatewayAppFactory();

        var unaudited = Endpoints(app)
            .Where(e => Url(e).StartsWith("/api/") && Method(e) != "GET" && e.Metadata.GetMetadata<AuditedAction>() is null)
            .Select(e => $"{Method(e)} {Url(e)}").ToList();

        Assert.Empty(unaudited);
    }

    [Fact]
    public async Task An_operator_token_may_act_but_not_edit_the_registry_or_users()
    {
        await using var app = new GatewayAppFactory();
        using var op = app.ClientAs(ConsoleRole.Operator);

        Assert.Equal(HttpStatusCode.Accepted, (await op.Post("/api/queue/flush", new { select = new[] { "Dmms.mnc002.mcc238.gprs" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.Post("/api/operators", new { name = "Five", domains = new[] { "mms.mnc005.mcc238.gprs" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("/api/users")).StatusCode);
    }

    [Theory]
    [InlineData("/favicon.ico", "image/x-icon")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task The_favicon_is_served_to_anyone(string path, string type)
    {
        await using var app = new GatewayAppFactory();
        using var http = app.AnonymousClient();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
    }
}
