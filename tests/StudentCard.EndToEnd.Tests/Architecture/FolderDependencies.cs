using Mono.Cecil;
using Mono.Cecil.Cil;

namespace StudentCard.EndToEnd.Tests.Architecture;

/// <summary>One type of a folder naming a type of another folder.</summary>
public sealed record TypeUse(string FromFolder, string FromType, string ToFolder, string ToType);

/// <summary>
/// Reads a compiled assembly (Mono.Cecil) and finds which folder's types use which other folder's types. The folder of a
/// type is the first namespace segment under the project's root namespace (the code's namespaces follow its folders), the
/// root namespace itself being <see cref="FolderRule.Root"/>. Everything a type's metadata and IL names counts: base type,
/// interfaces, attributes, fields, properties, events, method signatures, locals, caught exceptions, and the types, methods
/// and fields method bodies refer to, generic arguments included. Nested types (the compiler's closures, iterators and
/// state machines among them) count for the type that declares them.
/// </summary>
public sealed class FolderDependencies
{
    private readonly ModuleDefinition _module;
    private readonly string _rootNamespace;
    private readonly IReadOnlyList<string> _generated;

    private FolderDependencies(ModuleDefinition module, string rootNamespace, IReadOnlyList<string> generated)
    {
        _module = module;
        _rootNamespace = rootNamespace;
        _generated = generated;
    }

    public static FolderDependencies Of(ProjectFolders project) => Of(project.Assembly, project.RootNamespace, project.GeneratedNamespaces);

    public static FolderDependencies Of(System.Reflection.Assembly assembly, string rootNamespace, IReadOnlyList<string>? generatedNamespaces = null) =>
        new(ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(assembly.Location))), rootNamespace, generatedNamespaces ?? []);

    /// <summary>The folders that hold at least one type.</summary>
    public IReadOnlySet<string> Folders() => _module.Types.Select(FolderOf).OfType<string>().ToHashSet();

    /// <summary>
    /// Types that sit neither in a folder nor in the root namespace, nor in generated code or the compiler's own types: they
    /// would escape the rules, so a project should have none.
    /// </summary>
    public IReadOnlyList<string> TypesOutsideFolders() => _module.Types
        .Where(t => FolderOf(t) is null && !IsGenerated(t) && !IsCompilers(t))
        .Select(t => t.FullName)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Every use of a type of one folder by a type of another, once per pair of types.</summary>
    public IReadOnlyList<TypeUse> Uses()
    {
        var uses = new SortedSet<(string, string, string, string)>();
        foreach (var type in _module.Types)
        {
            if (FolderOf(type) is not { } from)
            {
                continue;
            }
            var named = new HashSet<TypeReference>(TypeReferenceComparer.Instance);
            CollectFromType(type, named);
            foreach (var reference in named)
            {
                var target = Outermost(reference);
                if (target.Scope.MetadataScopeType != MetadataScopeType.ModuleDefinition || target.Resolve() is not { } definition
                    || definition.Module != _module || FolderOf(definition) is not { } to || to == from)
                {
                    continue;
                }
                uses.Add((from, type.Name, to, definition.Name));
            }
        }
        return uses.Select(u => new TypeUse(u.Item1, u.Item2, u.Item3, u.Item4)).ToList();
    }

    private string? FolderOf(TypeDefinition type)
    {
        var ns = type.Namespace;
        if (ns == _rootNamespace || (ns.Length == 0 && type.Name == "Program"))
        {
            // Top-level statements compile to a Program class in the global namespace (marked as the compiler's): the
            // composition root's.
            return FolderRule.Root;
        }
        return ns.StartsWith(_rootNamespace + ".", StringComparison.Ordinal) && !IsGenerated(type)
            ? ns[(_rootNamespace.Length + 1)..].Split('.')[0]
            : null;
    }

    private bool IsGenerated(TypeDefinition type) =>
        _generated.Any(g => type.Namespace == g || type.Namespace.StartsWith(g + ".", StringComparison.Ordinal));

    /// <summary>The module's own type, the compiler's private details, and the attributes the compiler embeds.</summary>
    private static bool IsCompilers(TypeDefinition type) =>
        type.Name.StartsWith('<')
        || type.CustomAttributes.Any(a => a.AttributeType.FullName is "System.Runtime.CompilerServices.CompilerGeneratedAttribute"
            or "Microsoft.CodeAnalysis.EmbeddedAttribute");

    private static TypeReference Outermost(TypeReference reference)
    {
        while (reference.DeclaringType is not null)
        {
            reference = reference.DeclaringType;
        }
        return reference;
    }

    private static void CollectFromType(TypeDefinition type, HashSet<TypeReference> named)
    {
        Add(type.BaseType, named);
        foreach (var implemented in type.Interfaces)
        {
            Add(implemented.InterfaceType, named);
            Attributes(implemented.CustomAttributes, named);
        }
        Attributes(type.CustomAttributes, named);
        GenericParameters(type.GenericParameters, named);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType, named);
            Attributes(field.CustomAttributes, named);
        }
        foreach (var property in type.Properties)
        {
            Add(property.PropertyType, named);
            Attributes(property.CustomAttributes, named);
            foreach (var parameter in property.Parameters)
            {
                Add(parameter.ParameterType, named);
            }
        }
        foreach (var @event in type.Events)
        {
            Add(@event.EventType, named);
            Attributes(@event.CustomAttributes, named);
        }
        foreach (var method in type.Methods)
        {
            CollectFromMethod(method, named);
        }
        foreach (var nested in type.NestedTypes)
        {
            CollectFromType(nested, named);
        }
    }

    private static void CollectFromMethod(MethodDefinition method, HashSet<TypeReference> named)
    {
        Add(method.ReturnType, named);
        Attributes(method.CustomAttributes, named);
        Attributes(method.MethodReturnType.CustomAttributes, named);
        GenericParameters(method.GenericParameters, named);
        foreach (var parameter in method.Parameters)
        {
            Add(parameter.ParameterType, named);
            Attributes(parameter.CustomAttributes, named);
        }
        foreach (var overridden in method.Overrides)
        {
            Member(overridden, named);
        }
        if (!method.HasBody)
        {
            return;
        }
        foreach (var variable in method.Body.Variables)
        {
            Add(variable.VariableType, named);
        }
        foreach (var handler in method.Body.ExceptionHandlers)
        {
            Add(handler.CatchType, named);
        }
        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference type:
                    Add(type, named);
                    break;
                case MemberReference member:
                    Member(member, named);
                    break;
                case CallSite site:
                    Add(site.ReturnType, named);
                    foreach (var parameter in site.Parameters)
                    {
                        Add(parameter.ParameterType, named);
                    }
                    break;
            }
        }
    }

    private static void Member(MemberReference member, HashSet<TypeReference> named)
    {
        Add(member.DeclaringType, named);
        switch (member)
        {
            case GenericInstanceMethod generic:
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument, named);
                }
                Member(generic.ElementMethod, named);
                break;
            case MethodReference method:
                Add(method.ReturnType, named);
                foreach (var parameter in method.Parameters)
                {
                    Add(parameter.ParameterType, named);
                }
                break;
            case FieldReference field:
                Add(field.FieldType, named);
                break;
        }
    }

    private static void Attributes(IEnumerable<CustomAttribute> attributes, HashSet<TypeReference> named)
    {
        foreach (var attribute in attributes)
        {
            Member(attribute.Constructor, named);
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Fields.Concat(attribute.Properties).Select(a => a.Argument)))
            {
                Add(argument.Type, named);
                if (argument.Value is TypeReference typeArgument)
                {
                    Add(typeArgument, named);
                }
            }
        }
    }

    private static void GenericParameters(IEnumerable<GenericParameter> parameters, HashSet<TypeReference> named)
    {
        foreach (var parameter in parameters)
        {
            foreach (var constraint in parameter.Constraints)
            {
                Add(constraint.ConstraintType, named);
            }
        }
    }

    /// <summary>A type and what it is built from: element types of arrays, references and pointers, generic arguments.</summary>
    private static void Add(TypeReference? type, HashSet<TypeReference> named)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument, named);
                }
                Add(generic.ElementType, named);
                return;
            case TypeSpecification specification:
                Add(specification.ElementType, named);
                return;
            default:
                named.Add(type);
                return;
        }
    }

    /// <summary>Equal when they name the same type of the same scope, so each type is resolved once.</summary>
    private sealed class TypeReferenceComparer : IEqualityComparer<TypeReference>
    {
        public static readonly TypeReferenceComparer Instance = new();

        public bool Equals(TypeReference? x, TypeReference? y) =>
            x?.FullName == y?.FullName && x?.Scope.Name == y?.Scope.Name;

        public int GetHashCode(TypeReference obj) => obj.FullName.GetHashCode(StringComparison.Ordinal);
    }
}
