using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Components.Pages.Account;
using MmsConsole.Web.Components.Pages.Audit;
using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Audit;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;
using MmsGateway.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace MmsConsole.Web.Tests.Components;

/// <summary>The audit page and the login form, on a real registry file.</summary>
public sealed class AuditAndLoginPageTests : BunitContext, IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly IDbContextFactory<RegistryDbContext> _factory;
    private readonly AuditLog _audit;
    private readonly AccountStore _accounts;

    public AuditAndLoginPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddConsoleForTests();
        _factory = new PooledDbContextFactory<RegistryDbContext>(new DbContextOptionsBuilder<RegistryDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_dir.Path, "registry.db")};Pooling=False").Options);
        _audit = new AuditLog(_factory, TimeProvider.System);
        _accounts = new AccountStore(_factory, Options.Create(new AccountOptions()), TimeProvider.System);
        Services.AddSingleton(_audit);
        Services.AddSingleton(_accounts);
    }

    async Task IAsyncLifetime.InitializeAsync() => await RegistrySync.PrepareAsync(_factory, CancellationToken.None);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_audit_trail_page_lists_the_newest_first_and_marks_refused_attempts()
    {
        await _audit.RecordAsync(new AuditEntry("noc-anna", "10.0.0.9", "operator.status", "Two", "{\"from\":\"Active\",\"to\":\"Holding\"}", "INC-4711"));
        await _audit.RecordAsync(new AuditEntry("token:wallboard", "10.0.0.5", "queue.flush", "POST /api/queue/flush Dmms.mnc002.mcc238.gprs", null, null, Succeeded: false));
        Render<MudPopoverProvider>();

        var cut = Render<AuditTrailPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=audit-row-action]").Count));
        var actions = cut.FindAll("[data-testid=audit-row-action]").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["queue.flush (refused)", "operator.status"], actions);
        Assert.Contains("INC-4711", cut.Markup);
        Assert.Contains("href=\"/api/audit/csv?\"", cut.Markup);
    }

    [Fact]
    public async Task The_login_form_says_why_a_sign_in_failed_and_how_to_make_the_first_admin()
    {
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/login?error=locked&returnUrl=%2Fqueue");
        var locked = Render<LoginPage>();

        Assert.Contains("this account is locked", locked.Find("[data-testid=login-error]").TextContent);
        Assert.Contains("./run.sh user add NAME --role Admin", locked.Find("[data-testid=login-no-users]").TextContent);
        Assert.Equal("/queue", locked.Find("input[name=ReturnUrl]").GetAttribute("value"));

        await _accounts.CreateUserAsync("admin", "a long enough password", ConsoleRole.Admin, "test");
        navigation.NavigateTo("/login");
        var plain = Render<LoginPage>();
        Assert.Empty(plain.FindAll("[data-testid=login-error]"));
        Assert.Empty(plain.FindAll("[data-testid=login-no-users]"));
    }
}
