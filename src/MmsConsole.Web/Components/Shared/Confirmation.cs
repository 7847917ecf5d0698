namespace MmsConsole.Web.Components.Shared;

public sealed record Confirmation(string Reason, string By);
