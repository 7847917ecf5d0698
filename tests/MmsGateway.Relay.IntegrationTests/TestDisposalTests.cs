using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests;

public sealed class TestDisposalTests : TestClassDisposalCheck;
