using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MmsConsole.Web.Security;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Deployment;

/// <summary>The gateway binary as ./run.sh starts it (Production): Kestrel's own headers, the security
/// headers, package assets served, and errors that show nothing of the inside.</summary>
public sealed partial class ProductionHostTests
{
    [Fact]
    public async Task Production_answers_carry_the_security_headers_and_no_Server_header_and_serve_MudBlazor()
    {
        using var dir = new TempDir();
        await using var gw = await GatewayProcess.StartAsync(dir.Path, ["--environment", "Production"]);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gw.Web };

        foreach (var path in new[] { "/login", "/api/me", "/healthz", "/", "/no-such-page" })
        {
            var response = await http.GetAsync(path);
            Assert.False(response.Headers.Contains("Server"), $"{path} says Server: {string.Join(",", response.Headers.TryGetValues("Server", out var v) ? v : [])}");
            Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Single(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Single(response, "Content-Security-Policy"));
        }

        var login = await http.GetStringAsync("/login");
        var css = MudBlazorCss().Match(login);
        Assert.True(css.Success, "the login page links MudBlazor's stylesheet");
        var asset = await http.GetAsync(css.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/css", asset.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script>", login.Replace("<script src=", ""), StringComparison.OrdinalIgnoreCase);   // no inline script: the CSP allows none
    }

    [Theory]
    [InlineData("192.0.2.10", false)]
    [InlineData("127.0.0.1", true)]
    public async Task In_Development_only_a_browser_on_this_machine_sees_the_developer_exception_page(string client, bool shown)
    {
        await using var app = new ThrowingApp();

        var context = await app.GetAsync(IPAddress.Parse(client));
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.Equal(shown, body.Contains(ThrowingApp.Secret));
        if (!shown) Assert.DoesNotContain("Authorization", body);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) || response.Content.Headers.TryGetValues(header, out values)
            ? Assert.Single(values) : throw new Xunit.Sdk.XunitException($"{response.RequestMessage!.RequestUri} has no {header}");

    [GeneratedRegex("href=\"(/?_content/MudBlazor/MudBlazor\\.min[^\"]*\\.css)\"")]
    private static partial Regex MudBlazorCss();

    // The real host in Development with one console path that fails, added after the host's own pipeline.
    private sealed class ThrowingApp : IAsyncDisposable
    {
        public const string Path = "/failing-for-test";
        public const string Secret = "secret-detail-of-the-failure";
        private readonly GatewayAppFactory _factory = new(configure: b =>
        {
            b.UseEnvironment("Development");
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, Failing>());
        });

        public Task<HttpContext> GetAsync(IPAddress client) => _factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = Path;
            c.Request.Headers.Authorization = $"Bearer {_factory.AdminToken}";
            c.Connection.RemoteIpAddress = client;
        });

        public ValueTask DisposeAsync() => _factory.DisposeAsync();

        private sealed class Failing : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                next(app);
                app.Map(Path, a => a.Run(_ => throw new InvalidOperationException(Secret)));
            };
        }
    }
}
