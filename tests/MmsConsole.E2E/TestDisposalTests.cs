using MmsGateway.Testing;

namespace MmsConsole.E2E;

public sealed class TestDisposalTests : TestClassDisposalCheck;
