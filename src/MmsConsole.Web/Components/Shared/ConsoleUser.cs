namespace MmsConsole.Web.Components.Shared;

/// <summary>Who is at this browser tab, for the "who" of every change. Until the console has sign-in
/// (issue 6) the engineer types a name once per tab; then it comes from the login.</summary>
public sealed class ConsoleUser
{
    public string? Name { get; set; }
}
