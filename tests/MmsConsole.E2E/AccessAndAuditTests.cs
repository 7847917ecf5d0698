using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MmsConsole.E2E;

/// <summary>Sign-in as a NOC engineer meets it: the login form, a Viewer who sees but cannot touch,
/// and an Admin's change found again in the audit trail.</summary>
public sealed class AccessAndAuditTests
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs";

    private static async Task AddOperatorTwoAsync(ConsoleSession s) =>
        (await s.Api.PostAsJsonAsync("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { "[127.0.0.1]:9" } }))
            .EnsureSuccessStatusCode();

    [Fact]
    public async Task A_viewer_sees_operators_and_queue_but_no_button_that_changes_traffic()
    {
        await using var s = await ConsoleSession.StartAsAsync("Viewer");
        await AddOperatorTwoAsync(s);

        var operators = await s.OpenAsync("/operators");
        await Expect(operators.GetByTestId("op-Two")).ToBeVisibleAsync();
        await Expect(operators.GetByTestId("signed-in")).ToHaveTextAsync("noc-viewer · Viewer");
        Assert.Equal(0, await operators.GetByTestId("down-Two").CountAsync());
        Assert.Equal(0, await operators.GetByTestId("flush-Two").CountAsync());
        Assert.Equal(0, await operators.GetByTestId("add-operator").CountAsync());
        var queue = await s.OpenAsync("/queue");
        await Expect(queue.GetByTestId("filter-summary")).ToBeVisibleAsync();
        Assert.Equal(0, await queue.GetByTestId("act-flush").CountAsync());
        var users = await s.OpenAsync("/admin/users");
        await Expect(users.GetByTestId("denied")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_login_form_refuses_a_wrong_password_and_an_admins_change_is_in_the_audit_trail()
    {
        await using var s = await ConsoleSession.StartAsync();
        await AddOperatorTwoAsync(s);

        var anonymous = await s.AnonymousPageAsync();
        await anonymous.GotoAsync(new Uri(s.Web, "/operators").ToString());
        await anonymous.GetByTestId("login-name").FillAsync(s.User);
        await anonymous.GetByTestId("login-password").FillAsync("not the password");
        await anonymous.GetByTestId("login-submit").ClickAsync();
        await Expect(anonymous.GetByTestId("login-error")).ToHaveTextAsync("Wrong user name or password.");
        await anonymous.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "login.png") });

        var operators = await s.OpenAsync("/operators");
        await operators.GetByTestId("down-Two").ClickAsync();
        await operators.GetByTestId("status-Holding").ClickAsync();
        await operators.Locator("input[data-testid=confirm-reason], [data-testid=confirm-reason] input").First.FillAsync("INC-5150 Two's MM4 gateway flaps");
        await operators.GetByTestId("confirm-ok").ClickAsync();
        await Expect(operators.GetByTestId("status-Two")).ToContainTextAsync("holding");
        await operators.GetByTestId("flush-Two").ClickAsync();
        await operators.Locator("input[data-testid=confirm-reason], [data-testid=confirm-reason] input").First.FillAsync("retry the backlog");
        await operators.GetByTestId("confirm-ok").ClickAsync();
        await Expect(operators.Locator(".mud-snackbar", new() { HasText = "Flush started for Two" })).ToBeVisibleAsync();

        var audit = await s.OpenAsync("/audit");
        var row = audit.GetByTestId("audit").Locator("tr", new() { HasText = "operator.status" });
        await Expect(row).ToContainTextAsync("noc-admin");
        await Expect(row).ToContainTextAsync("127.0.0.1");
        await Expect(row).ToContainTextAsync("INC-5150 Two's MM4 gateway flaps");
        await Expect(row).ToContainTextAsync("\"to\":\"Holding\"");
        var flush = audit.GetByTestId("audit").Locator("tr", new() { HasText = "queue.flush" });
        await Expect(flush).ToContainTextAsync($"D{Mnc002}");
        await Expect(flush).ToContainTextAsync("retry the backlog");
        await audit.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "audit.png") });

        var users = await s.OpenAsync("/admin/users");
        await users.Locator("input[data-testid=token-name], [data-testid=token-name] input").First.FillAsync("prometheus");
        await users.GetByTestId("token-create").ClickAsync();
        await Expect(users.GetByTestId("token-secret")).ToContainTextAsync("mm4_");
        await users.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "users.png"), FullPage = true });
    }
}
