namespace MmsConsole.Web.Security;

/// <summary>Where the login form may send a browser back to: a path on this console and nothing else.</summary>
/// <remarks>"//evil.example" and "/\evil.example" are other hosts to a browser; a tab, CR, LF or DEL
/// inside a path is ignored or split by some browsers and made LocalRedirect throw (a 500 that showed the
/// developer exception page). Anything that is not plainly a local path becomes "/".</remarks>
public static class ReturnUrl
{
    private const int MaxLength = 2048;

    public static string Safe(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url[0] != '/') return "/";
        if (url.Length > 1 && url[1] is '/' or '\\') return "/";
        foreach (var c in url)
            if (char.IsControl(c) || c == '\\' || char.IsWhiteSpace(c)) return "/";
        return url;
    }
}
