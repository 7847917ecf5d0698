using MmsGateway.Testing;

namespace MmsConsole.Web.Tests;

public sealed class TestDisposalTests : TestClassDisposalCheck;
