using MmsGateway.Testing;

namespace MmsGateway.Registry.Tests;

public sealed class TestDisposalTests : TestClassDisposalCheck;
