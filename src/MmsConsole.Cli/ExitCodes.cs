namespace MmsConsole.Cli;

/// <summary>What a script can test after mm4ctl: 0 done; 1 the gateway refused (a problem document is
/// printed); 2 the command line is wrong; 3 the gateway could not be reached; 4 not signed in or not allowed.</summary>
public static class ExitCodes
{
    public const int Ok = 0, Refused = 1, Usage = 2, Unreachable = 3, NotAllowed = 4;
}
