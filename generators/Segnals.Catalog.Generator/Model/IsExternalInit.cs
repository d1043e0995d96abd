namespace System.Runtime.CompilerServices;

// netstandard2.0 lacks this marker type; records and init-only setters need it to compile.
internal static class IsExternalInit
{
}
