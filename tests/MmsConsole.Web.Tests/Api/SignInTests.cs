using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Model;

namespace MmsConsole.Web.Tests.Api;

/// <summary>The login form (cookie), lockout, and revocation of API tokens, over HTTP.</summary>
public sealed partial class SignInTests
{
    private const string Password = "correct horse battery";

    private static async Task<GatewayAppFactory> StartWithUserAsync(ConsoleRole role = ConsoleRole.Operator)
    {
        var app = new GatewayAppFactory(new Dictionary<string, string> { ["Console:Accounts:MaxFailedLogins"] = "3" });
        await app.Services.GetRequiredService<AccountStore>().CreateUserAsync("anna", Password, role, "test");
        return app;
    }

    // A browser: keeps cookies, follows no redirect (the test reads them), sends no token.
    private static HttpClient Browser(GatewayAppFactory app)
    {
        var client = app.CreateDefaultClient(new CookieContainerHandler());
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string password, string returnUrl = "/queue")
    {
        var form = await browser.GetStringAsync("/login");
        var token = Antiforgery().Match(form).Groups[1].Value;
        return await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Name"] = "anna", ["Password"] = password, ["ReturnUrl"] = returnUrl,
        }));
    }

    [Fact]
    public async Task Signing_in_sets_a_cookie_that_opens_pages_and_the_API_as_that_user()
    {
        await using var app = await StartWithUserAsync();
        using var browser = Browser(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/queue")).StatusCode);

        var signedIn = await SignInAsync(browser, Password);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/queue", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/queue")).StatusCode);
        var me = await browser.GetJson("/api/me");
        Assert.Equal(("anna", "Operator"), (me.GetProperty("name").GetString(), me.GetProperty("role").GetString()));
    }

    [Theory]
    [InlineData("/\t/x")]
    [InlineData("/\u007f/x")]
    [InlineData("/queue\r\nSet-Cookie: x=y")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/ /evil.example")]
    public async Task A_hostile_return_url_signs_in_to_the_dashboard_never_elsewhere_and_never_a_500(string returnUrl)
    {
        await using var app = await StartWithUserAsync();
        using var browser = Browser(app);

        var signedIn = await SignInAsync(browser, Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_login_post_without_the_antiforgery_token_is_refused()
    {
        await using var app = await StartWithUserAsync();
        using var browser = Browser(app);

        var forged = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "anna", ["Password"] = Password }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Three_wrong_passwords_lock_the_account_and_the_login_page_says_so()
    {
        await using var app = await StartWithUserAsync();
        using var browser = Browser(app);

        Assert.Contains("error=wrong", (await SignInAsync(browser, "guess one")).Headers.Location!.OriginalString);
        Assert.Contains("error=wrong", (await SignInAsync(browser, "guess two")).Headers.Location!.OriginalString);
        Assert.Contains("error=locked", (await SignInAsync(browser, "guess three")).Headers.Location!.OriginalString);
        var right = await SignInAsync(browser, Password);

        Assert.Contains("error=locked", right.Headers.Location!.OriginalString);
        Assert.Contains("this account is locked", await browser.GetStringAsync(right.Headers.Location.OriginalString));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
        using var admin = app.CreateClient();
        Assert.Contains("account.locked-out", (await admin.GetJson("/api/audit?action=account.")).GetRawText());
    }

    [Fact]
    public async Task Disabling_a_user_ends_the_session_at_its_next_request()
    {
        await using var app = await StartWithUserAsync();
        using var browser = Browser(app);
        await SignInAsync(browser, Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
        using var admin = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await admin.Put("/api/users/1", new { disabled = true })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_from_its_next_request()
    {
        await using var app = new GatewayAppFactory();
        using var admin = app.CreateClient();
        var made = await (await admin.Post("/api/tokens", new { name = "mm4ctl-anna", role = "Operator" })).Json();
        using var script = app.AnonymousClient();
        script.DefaultRequestHeaders.Authorization = new("Bearer", made.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/queue/counts")).StatusCode);

        await admin.DeleteAsync($"/api/tokens/{made.GetProperty("token").GetProperty("id").GetInt32()}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/queue/counts")).StatusCode);
        var listed = (await admin.GetJson("/api/tokens")).EnumerateArray().Single(t => t.GetProperty("name").GetString() == "mm4ctl-anna");
        Assert.Equal("token:noc-anna", listed.GetProperty("revokedBy").GetString());
        Assert.DoesNotContain(made.GetProperty("secret").GetString()!, (await admin.GetJson("/api/tokens")).GetRawText());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
