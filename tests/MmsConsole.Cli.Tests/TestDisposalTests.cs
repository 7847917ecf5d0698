using MmsGateway.Testing;

namespace MmsConsole.Cli.Tests;

public sealed class TestDisposalTests : TestClassDisposalCheck;
