using Xunit;
using System.Reflection;

namespace MmsGateway.Testing;

/// <summary>xunit v2 disposes a test class through IDisposable or IAsyncLifetime, never through IAsyncDisposable:
/// a class that relies on the last has its gateways, sinks and directories left running and lying around for the
/// rest of the run (found so: 2,800 directories in /tmp, nine classes' hosts never stopped).</summary>
public static class TestClassDisposal
{
    /// <summary>The test classes of <paramref name="tests"/> whose only asynchronous clean-up xunit would never call.</summary>
    public static IReadOnlyList<string> NeverDisposed(Assembly tests) =>
        tests.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttributes().Any(a => a is FactAttribute)))
            .Where(t => typeof(IAsyncDisposable).IsAssignableFrom(t) && !typeof(IAsyncLifetime).IsAssignableFrom(t) && !typeof(IDisposable).IsAssignableFrom(t))
            .Select(t => t.FullName!)
            .ToList();
}

/// <summary>Derive one sealed class from this in each test project: its test checks that project's classes.</summary>
public abstract class TestClassDisposalCheck
{
    [Fact]
    public void Every_test_class_is_cleaned_up_by_xunit() => Assert.Empty(TestClassDisposal.NeverDisposed(GetType().Assembly));
}
