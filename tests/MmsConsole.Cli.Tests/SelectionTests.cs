namespace MmsConsole.Cli.Tests;

public sealed class SelectionTests
{
    [Theory]
    [InlineData("-R +4512", "R+4512")]
    [InlineData("-S mms.mnc003.mcc238.gprs", "Smms.mnc003.mcc238.gprs")]
    [InlineData("-I 005AAAAAAA000", "I005AAAAAAA000")]
    [InlineData("-D mms.mnc002.mcc238.gprs", "Dmms.mnc002.mcc238.gprs")]
    [InlineData("-T held", "Theld")]
    [InlineData("-!R seattle", "!Rseattle")]
    [InlineData("-R !seattle", "!Rseattle")]
    [InlineData("--not -S post.3.dk", "!Spost.3.dk")]
    [InlineData("-qRcwinters.com", "Rcwinters.com")]
    [InlineData("-q!Rseattle", "!Rseattle")]
    public void Sendmail_style_selections_become_the_APIs_select_terms(string args, string term)
    {
        Assert.True(Selection.TryParse(args.Split(' '), out var terms, out var rest, out _));

        Assert.Equal([term], terms);
        Assert.Empty(rest);
    }

    [Fact]
    public void Several_terms_and_other_arguments_are_kept_apart()
    {
        Assert.True(Selection.TryParse(["-D", "mms.mnc002.mcc238.gprs", "--no-wait", "--not", "-R", "+4533"], out var terms, out var rest, out _));

        Assert.Equal(["Dmms.mnc002.mcc238.gprs", "!R+4533"], terms);
        Assert.Equal(["--no-wait"], rest);
    }

    [Theory]
    [InlineData("-R", "-R needs a value")]
    [InlineData("-S !", "-S needs a value")]
    [InlineData("-R x --not", "--not must come before -R, -S, -I, -D or -T")]
    [InlineData("--not --all", "--not must come before -R, -S, -I, -D or -T")]
    public void A_selection_that_cannot_be_read_says_why(string args, string problem)
    {
        Assert.False(Selection.TryParse(args.Split(' '), out _, out _, out var error));
        Assert.Equal(problem, error);
    }
}
