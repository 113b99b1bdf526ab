//! OData system query options over operations: `$filter`, `$orderby` and
//! `$select` are parsed, checked against the declared properties of the type
//! a request addresses ([`Scope`]), and evaluated on an operation's JSON.
//!
//! The grammar is the subset of the OData 4.01 ABNF (`boolCommonExpr`,
//! `orderby`, `select`) listed in `docs/DESIGN.md` ("Query options"), with the
//! operator precedence of OData 4.01 Part 2 §5.1.1.16. Errors carry the
//! option, the 0-based character position and ODataLib's wording, which is
//! what Microsoft Graph answers. This module knows no HTTP: a server decodes
//! the query string and maps a [`QueryError`] to its 400.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::datetime::DateTimeOffset;
use crate::json::{Json, Members};
use crate::model::{
    EdiscoveryCaseOperationProperty, EdiscoveryProperty, LiveResultInfoMember, Property,
    ResultInfoMember, SecurityCaseOperationProperty, SecurityProperty,
};
use crate::operations::OperationType;
use crate::schema::{EnumType, ValueKind};

/// At most this many characters of an option's text are quoted in a message.
const QUOTED_CHARS: usize = 200;
/// How deeply `$filter` expressions may nest (parentheses, `not`, calls).
pub const MAX_FILTER_DEPTH: usize = 64;

/// A query option that cannot be used: its name, where in its text the
/// problem is, and ODataLib's message.
///
/// ```
/// use caseexport::query::{Filter, Scope};
/// use caseexport::OperationType;
/// let err = Filter::parse("status eq 'running' and", &Scope::of(OperationType::Security)).unwrap_err();
/// assert_eq!(err.option, "$filter");
/// assert_eq!(err.position, Some(23));
/// assert_eq!(err.message, "Expression expected at position 23 in 'status eq 'running' and'.");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    /// The option: `$filter`, `$orderby` or `$select`.
    pub option: &'static str,
    /// The 0-based character position in the option's text, when the
    /// problem has one.
    pub position: Option<usize>,
    /// The message (the option's text quoted, cut at 200 characters).
    pub message: String,
}

/// The text of an option as a message quotes it: at most 200 characters,
/// then `…`.
fn quoted(text: &[char]) -> String {
    let mut s: String = text.iter().take(QUOTED_CHARS).collect();
    if text.len() > QUOTED_CHARS {
        s.push('…');
    }
    s
}

/// Where the names of a query option are looked up: the declared properties
/// of the type a request addresses (an export type, or `caseOperation` for
/// a list without a type-cast segment).
#[derive(Clone, Copy, Debug)]
pub struct Scope {
    type_name: &'static str,
    kind: fn(&str) -> Option<ValueKind>,
}

impl Scope {
    /// The declared properties of one export operation type.
    ///
    /// ```
    /// use caseexport::query::Scope;
    /// assert_eq!(Scope::of(caseexport::OperationType::Seed).type_name(), "microsoft.graph.caseExportOperation");
    /// ```
    pub fn of(ty: OperationType) -> Scope {
        let kind: fn(&str) -> Option<ValueKind> = match ty {
            OperationType::Seed => |n| Property::from_wire(n).map(Property::kind),
            OperationType::Ediscovery => {
                |n| EdiscoveryProperty::from_wire(n).map(EdiscoveryProperty::kind)
            }
            OperationType::Security => {
                |n| SecurityProperty::from_wire(n).map(SecurityProperty::kind)
            }
        };
        Scope {
            type_name: ty.odata_type().trim_start_matches('#'),
            kind,
        }
    }

    /// The base `microsoft.graph.ediscovery.caseOperation` (a list of a
    /// compliance case's operations, without a type-cast segment).
    pub fn ediscovery_case_operation() -> Scope {
        Scope {
            type_name: "microsoft.graph.ediscovery.caseOperation",
            kind: |n| {
                EdiscoveryCaseOperationProperty::from_wire(n)
                    .map(EdiscoveryCaseOperationProperty::kind)
            },
        }
    }

    /// The base `microsoft.graph.security.caseOperation` (a list of a
    /// security case's operations, without a type-cast segment).
    pub fn security_case_operation() -> Scope {
        Scope {
            type_name: "microsoft.graph.security.caseOperation",
            kind: |n| {
                SecurityCaseOperationProperty::from_wire(n).map(SecurityCaseOperationProperty::kind)
            },
        }
    }

    /// The qualified OData name of the type, as messages name it.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The kind of a declared property, `None` when the type declares none
    /// of that name.
    pub fn kind(&self, name: &str) -> Option<ValueKind> {
        (self.kind)(name)
    }
}

/// The type of an expression, as far as checking needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    Null,
    Bool,
    /// A number, by its EDM type name.
    Number(&'static str),
    String,
    Date,
    Enum(&'static EnumType),
    /// A member of an open complex type, or of an unknown type: any value.
    Any,
    Complex,
}

impl Ty {
    fn edm(self) -> &'static str {
        match self {
            Ty::Null => "null",
            Ty::Bool => "Edm.Boolean",
            Ty::Number(edm) => edm,
            Ty::String => "Edm.String",
            Ty::Date => "Edm.DateTimeOffset",
            Ty::Enum(t) => t.type_name,
            Ty::Any => "Edm.Untyped",
            Ty::Complex => "a complex type",
        }
    }
}

/// A literal of `$filter`.
#[derive(Clone, Debug, PartialEq)]
enum Lit {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Date(DateTimeOffset),
    /// `Namespace.enumType'member'`: the type name as written, and the member.
    Enum(String, String),
}

/// The comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Cmp {
    fn from_word(w: &str) -> Option<Cmp> {
        Some(match w {
            "eq" => Cmp::Eq,
            "ne" => Cmp::Ne,
            "gt" => Cmp::Gt,
            "ge" => Cmp::Ge,
            "lt" => Cmp::Lt,
            "le" => Cmp::Le,
            _ => return None,
        })
    }

    fn kind_name(self) -> &'static str {
        match self {
            Cmp::Eq => "Equal",
            Cmp::Ne => "NotEqual",
            Cmp::Gt => "GreaterThan",
            Cmp::Ge => "GreaterThanOrEqual",
            Cmp::Lt => "LessThan",
            Cmp::Le => "LessThanOrEqual",
        }
    }

    fn holds(self, o: Ordering) -> bool {
        match self {
            Cmp::Eq => o == Ordering::Equal,
            Cmp::Ne => o != Ordering::Equal,
            Cmp::Gt => o == Ordering::Greater,
            Cmp::Ge => o != Ordering::Less,
            Cmp::Lt => o == Ordering::Less,
            Cmp::Le => o != Ordering::Greater,
        }
    }
}

/// The functions `$filter` knows (OData 4.01 Part 2 §5.1.1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Func {
    Contains,
    StartsWith,
    EndsWith,
    ToLower,
    ToUpper,
    Trim,
    Length,
}

impl Func {
    fn from_name(name: &str) -> Option<Func> {
        Some(match name {
            "contains" => Func::Contains,
            "startswith" => Func::StartsWith,
            "endswith" => Func::EndsWith,
            "tolower" => Func::ToLower,
            "toupper" => Func::ToUpper,
            "trim" => Func::Trim,
            "length" => Func::Length,
            _ => return None,
        })
    }

    fn arity(self) -> usize {
        match self {
            Func::Contains | Func::StartsWith | Func::EndsWith => 2,
            Func::ToLower | Func::ToUpper | Func::Trim | Func::Length => 1,
        }
    }

    fn result(self) -> Ty {
        match self {
            Func::Contains | Func::StartsWith | Func::EndsWith => Ty::Bool,
            Func::ToLower | Func::ToUpper | Func::Trim => Ty::String,
            Func::Length => Ty::Number("Edm.Int32"),
        }
    }
}

/// A checked `$filter` expression.
#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp(Box<Expr>, Cmp, Box<Expr>),
    Has(Box<Expr>, String),
    In(Box<Expr>, Vec<Expr>),
    Call(Func, Vec<Expr>),
    /// A property path and the declared kind of its first segment.
    Prop(Vec<String>, Option<ValueKind>),
    Lit(Lit),
}

/// One token of an option's text.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// A name, a keyword or a qualified name (dots kept).
    Word(String),
    /// A quoted string, `''` unescaped.
    Str(String),
    /// A qualified name directly followed by a quoted string.
    EnumLit(String, String),
    Int(i64),
    Float(f64),
    Date(DateTimeOffset),
    Star,
    Open,
    Close,
    Comma,
    Slash,
    End,
}

struct Lexer<'a> {
    option: &'static str,
    text: &'a [char],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn error(&self, position: usize, message: String) -> QueryError {
        QueryError {
            option: self.option,
            position: Some(position),
            message,
        }
    }

    fn syntax(&self, position: usize) -> QueryError {
        self.error(
            position,
            format!(
                "Syntax error at position {position} in '{}'.",
                quoted(self.text)
            ),
        )
    }

    fn at(&self, i: usize) -> Option<char> {
        self.text.get(i).copied()
    }

    /// The next token and where it starts.
    fn next(&mut self) -> Result<(Tok, usize), QueryError> {
        while matches!(self.at(self.pos), Some(' ' | '\t')) {
            self.pos += 1;
        }
        let start = self.pos;
        let Some(c) = self.at(start) else {
            return Ok((Tok::End, start));
        };
        let single = match c {
            '(' => Some(Tok::Open),
            ')' => Some(Tok::Close),
            ',' => Some(Tok::Comma),
            '/' => Some(Tok::Slash),
            '*' => Some(Tok::Star),
            _ => None,
        };
        if let Some(t) = single {
            self.pos += 1;
            return Ok((t, start));
        }
        if c == '\'' {
            let s = self.string(start)?;
            return Ok((Tok::Str(s), start));
        }
        if c.is_ascii_digit()
            || (c == '-' && self.at(start + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            return self.number_or_date(start).map(|t| (t, start));
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            let mut end = start + 1;
            while self
                .at(end)
                .is_some_and(|d| d.is_alphanumeric() || d == '_' || d == '.')
            {
                end += 1;
            }
            let word: String = self.text[start..end].iter().collect();
            self.pos = end;
            if self.at(end) == Some('\'') {
                let member = self.string(end)?;
                return Ok((Tok::EnumLit(word, member), start));
            }
            return Ok((Tok::Word(word), start));
        }
        Err(self.error(
            start,
            format!(
                "Syntax error: character '{c}' is not valid at position {start} in '{}'.",
                quoted(self.text)
            ),
        ))
    }

    /// A quoted string starting at `start` (a `'`), `''` standing for `'`.
    fn string(&mut self, start: usize) -> Result<String, QueryError> {
        let mut out = String::new();
        let mut i = start + 1;
        loop {
            match self.at(i) {
                None => {
                    return Err(self.error(
                        start,
                        format!(
                            "There is an unterminated string literal at position {start} in '{}'.",
                            quoted(self.text)
                        ),
                    ))
                }
                Some('\'') if self.at(i + 1) == Some('\'') => {
                    out.push('\'');
                    i += 2;
                }
                Some('\'') => {
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(ch) => {
                    out.push(ch);
                    i += 1;
                }
            }
        }
    }

    /// An integer, a decimal or a DateTimeOffset literal.
    fn number_or_date(&mut self, start: usize) -> Result<Tok, QueryError> {
        let mut end = start;
        while self
            .at(end)
            .is_some_and(|d| d.is_ascii_alphanumeric() || matches!(d, '.' | ':' | '-' | '+'))
        {
            // A sign inside a number only right after an exponent or in a date.
            end += 1;
        }
        let raw: String = self.text[start..end].iter().collect();
        self.pos = end;
        let is_date = raw.len() > 4 && raw.as_bytes()[4] == b'-' && !raw.starts_with('-');
        if is_date {
            return DateTimeOffset::parse(&raw).map(Tok::Date).map_err(|e| {
                self.error(
                    start,
                    format!(
                        "The DateTimeOffset literal '{raw}' at position {start} is not valid: {e}.",
                    ),
                )
            });
        }
        let numeric = raw
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'));
        if numeric {
            if let Ok(i) = raw.parse::<i64>() {
                return Ok(Tok::Int(i));
            }
        }
        let float_shaped = raw
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
        match raw.parse::<f64>() {
            Ok(f) if float_shaped && f.is_finite() => Ok(Tok::Float(f)),
            _ => Err(self.syntax(start)),
        }
    }
}

/// A recursive-descent parser over the lexer, checking names and types as it
/// goes.
struct Parser<'a> {
    lex: Lexer<'a>,
    tok: Tok,
    tok_pos: usize,
    scope: &'a Scope,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn new(option: &'static str, text: &'a [char], scope: &'a Scope) -> Result<Self, QueryError> {
        let mut lex = Lexer {
            option,
            text,
            pos: 0,
        };
        let (tok, tok_pos) = lex.next()?;
        Ok(Parser {
            lex,
            tok,
            tok_pos,
            scope,
            depth: 0,
        })
    }

    fn bump(&mut self) -> Result<Tok, QueryError> {
        let (next, pos) = self.lex.next()?;
        self.tok_pos = pos;
        Ok(std::mem::replace(&mut self.tok, next))
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(&self.tok, Tok::Word(x) if x == w)
    }

    fn error(&self, message: String) -> QueryError {
        self.lex.error(self.tok_pos, message)
    }

    fn expected(&self) -> QueryError {
        self.error(format!(
            "Expression expected at position {} in '{}'.",
            self.tok_pos,
            quoted(self.lex.text)
        ))
    }

    fn syntax(&self) -> QueryError {
        self.lex.syntax(self.tok_pos)
    }

    fn deeper(&mut self) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_FILTER_DEPTH {
            return Err(self.error(format!(
                "The $filter expression nests more than {MAX_FILTER_DEPTH} levels deep at position {}.",
                self.tok_pos
            )));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<(Expr, Ty), QueryError> {
        let (mut left, mut lt) = self.and()?;
        while self.is_word("or") {
            let at = self.tok_pos;
            self.bump()?;
            let (right, rt) = self.and()?;
            self.logical(at, "Or", lt, rt)?;
            left = Expr::Or(Box::new(left), Box::new(right));
            lt = Ty::Bool;
        }
        Ok((left, lt))
    }

    fn and(&mut self) -> Result<(Expr, Ty), QueryError> {
        let (mut left, mut lt) = self.equality()?;
        while self.is_word("and") {
            let at = self.tok_pos;
            self.bump()?;
            let (right, rt) = self.equality()?;
            self.logical(at, "And", lt, rt)?;
            left = Expr::And(Box::new(left), Box::new(right));
            lt = Ty::Bool;
        }
        Ok((left, lt))
    }

    fn logical(&self, at: usize, kind: &str, lt: Ty, rt: Ty) -> Result<(), QueryError> {
        let ok = |t: Ty| matches!(t, Ty::Bool | Ty::Null | Ty::Any);
        if ok(lt) && ok(rt) {
            return Ok(());
        }
        Err(self.lex.error(
            at,
            format!(
                "A binary operator with incompatible types was detected. Found operand types '{}' and '{}' for operator kind '{kind}'.",
                lt.edm(),
                rt.edm()
            ),
        ))
    }

    fn equality(&mut self) -> Result<(Expr, Ty), QueryError> {
        self.comparison(&["eq", "ne"], Self::relational)
    }

    fn relational(&mut self) -> Result<(Expr, Ty), QueryError> {
        self.comparison(&["gt", "ge", "lt", "le"], Self::unary)
    }

    fn comparison(
        &mut self,
        words: &[&str],
        next: fn(&mut Self) -> Result<(Expr, Ty), QueryError>,
    ) -> Result<(Expr, Ty), QueryError> {
        let (mut left, mut lt) = next(self)?;
        loop {
            let op = match &self.tok {
                Tok::Word(w) if words.contains(&w.as_str()) => Cmp::from_word(w),
                _ => None,
            };
            let Some(op) = op else { break };
            let at = self.tok_pos;
            self.bump()?;
            let (mut right, rt) = next(self)?;
            self.comparable(at, op, lt, rt, &mut left, &mut right)?;
            left = Expr::Cmp(Box::new(left), op, Box::new(right));
            lt = Ty::Bool;
        }
        Ok((left, lt))
    }

    /// Checks that `left op right` compares like with like; a string literal
    /// compared with an enum becomes that enum's member (and must be one).
    fn comparable(
        &self,
        at: usize,
        op: Cmp,
        lt: Ty,
        rt: Ty,
        left: &mut Expr,
        right: &mut Expr,
    ) -> Result<(), QueryError> {
        for (t, other) in [(lt, &mut *right), (rt, &mut *left)] {
            if let Ty::Enum(e) = t {
                self.enum_operand(e, other)?;
            }
        }
        let same = |a: Ty, b: Ty| match (a, b) {
            (Ty::Null | Ty::Any, _) | (_, Ty::Null | Ty::Any) => true,
            (Ty::Enum(_), Ty::String) | (Ty::String, Ty::Enum(_)) => true,
            (Ty::Enum(x), Ty::Enum(y)) => x.type_name == y.type_name,
            (Ty::Complex, _) | (_, Ty::Complex) => false,
            (Ty::Number(_), Ty::Number(_)) => true,
            (a, b) => a == b,
        };
        let ordered =
            !matches!((lt, rt), (Ty::Bool, _) | (_, Ty::Bool)) || op == Cmp::Eq || op == Cmp::Ne;
        if same(lt, rt) && ordered {
            return Ok(());
        }
        Err(self.lex.error(
            at,
            format!(
                "A binary operator with incompatible types was detected. Found operand types '{}' and '{}' for operator kind '{}'.",
                lt.edm(),
                rt.edm(),
                op.kind_name()
            ),
        ))
    }

    /// An operand compared with (or tested against) enum `e`: a string or
    /// enum literal naming one of its members, or anything not a literal.
    fn enum_operand(&self, e: &'static EnumType, operand: &mut Expr) -> Result<(), QueryError> {
        let member = match operand {
            Expr::Lit(Lit::String(m)) => m.clone(),
            Expr::Lit(Lit::Enum(ty, m)) => {
                if !names_enum(ty, e) {
                    return Err(self.error(format!(
                        "The enum literal of type '{ty}' cannot be compared with a value of '{}'.",
                        e.type_name
                    )));
                }
                m.clone()
            }
            _ => return Ok(()),
        };
        let names: Vec<&str> = if e.flags {
            member.split(',').map(str::trim).collect()
        } else {
            vec![member.as_str()]
        };
        if let Some(bad) = names.iter().find(|n| !e.members.contains(n)) {
            return Err(self.error(format!(
                "The string '{bad}' is not a valid enumeration type constant of '{}'. Its members are: {}.",
                e.type_name,
                e.members.join(", ")
            )));
        }
        *operand = Expr::Lit(Lit::String(member));
        Ok(())
    }

    fn unary(&mut self) -> Result<(Expr, Ty), QueryError> {
        if self.is_word("not") {
            let at = self.tok_pos;
            self.bump()?;
            self.deeper()?;
            let (e, t) = self.unary()?;
            self.depth -= 1;
            if !matches!(t, Ty::Bool | Ty::Null | Ty::Any) {
                return Err(self.lex.error(
                    at,
                    format!(
                        "A unary operator with an incompatible type was detected. Found operand type '{}' for operator kind 'Not'.",
                        t.edm()
                    ),
                ));
            }
            return Ok((Expr::Not(Box::new(e)), Ty::Bool));
        }
        self.postfix()
    }

    /// A primary expression followed by any `has` or `in`.
    fn postfix(&mut self) -> Result<(Expr, Ty), QueryError> {
        let (mut e, mut t) = self.primary()?;
        loop {
            if self.is_word("has") {
                let at = self.tok_pos;
                self.bump()?;
                let (mut r, _) = self.primary()?;
                let Ty::Enum(ty) = t else {
                    return Err(self.lex.error(
                        at,
                        format!(
                            "The 'has' operator needs a flags or enumeration value on its left at position {at}; found '{}'.",
                            t.edm()
                        ),
                    ));
                };
                self.enum_operand(ty, &mut r)?;
                let Expr::Lit(Lit::String(member)) = r else {
                    return Err(self.lex.error(
                        at,
                        format!("The right operand of 'has' at position {at} must be an enum literal, such as '{}'.", ty.members.first().copied().unwrap_or("member")),
                    ));
                };
                e = Expr::Has(Box::new(e), member);
                t = Ty::Bool;
            } else if self.is_word("in") {
                let at = self.tok_pos;
                self.bump()?;
                if self.tok != Tok::Open {
                    return Err(self.syntax());
                }
                self.bump()?;
                let mut items = Vec::new();
                loop {
                    let (mut item, it) = self.primary()?;
                    let mut left = e.clone();
                    self.comparable(at, Cmp::Eq, t, it, &mut left, &mut item)?;
                    items.push(item);
                    match self.bump()? {
                        Tok::Comma => continue,
                        Tok::Close => break,
                        _ => return Err(self.lex.syntax(self.tok_pos)),
                    }
                }
                e = Expr::In(Box::new(e), items);
                t = Ty::Bool;
            } else {
                return Ok((e, t));
            }
        }
    }

    fn primary(&mut self) -> Result<(Expr, Ty), QueryError> {
        let at = self.tok_pos;
        match self.tok.clone() {
            Tok::Open => {
                self.bump()?;
                self.deeper()?;
                let inner = self.or()?;
                self.depth -= 1;
                if self.tok != Tok::Close {
                    return Err(self.error(format!(
                        "')' or operator expected at position {} in '{}'.",
                        self.tok_pos,
                        quoted(self.lex.text)
                    )));
                }
                self.bump()?;
                Ok(inner)
            }
            Tok::Str(s) => {
                self.bump()?;
                Ok((Expr::Lit(Lit::String(s)), Ty::String))
            }
            Tok::EnumLit(ty, m) => {
                self.bump()?;
                let types = crate::schema::enum_types();
                let known = types
                    .iter()
                    .find(|e| e.type_name == enum_name(&ty))
                    .or_else(|| types.iter().find(|e| names_enum(&ty, e)))
                    .copied();
                let t = match known {
                    Some(e) => Ty::Enum(e),
                    None => {
                        return Err(self.lex.error(
                            at,
                            format!("The type '{ty}' is not an enumeration type of this API (position {at})."),
                        ))
                    }
                };
                Ok((Expr::Lit(Lit::Enum(ty, m)), t))
            }
            Tok::Int(i) => {
                self.bump()?;
                let edm = if i32::try_from(i).is_ok() {
                    "Edm.Int32"
                } else {
                    "Edm.Int64"
                };
                Ok((Expr::Lit(Lit::Int(i)), Ty::Number(edm)))
            }
            Tok::Float(f) => {
                self.bump()?;
                Ok((Expr::Lit(Lit::Float(f)), Ty::Number("Edm.Double")))
            }
            Tok::Date(d) => {
                self.bump()?;
                Ok((Expr::Lit(Lit::Date(d)), Ty::Date))
            }
            Tok::Word(w) => {
                self.bump()?;
                match w.as_str() {
                    "null" => return Ok((Expr::Lit(Lit::Null), Ty::Null)),
                    "true" => return Ok((Expr::Lit(Lit::Bool(true)), Ty::Bool)),
                    "false" => return Ok((Expr::Lit(Lit::Bool(false)), Ty::Bool)),
                    _ => {}
                }
                if self.tok == Tok::Open {
                    return self.call(at, &w);
                }
                self.path(at, w)
            }
            _ => Err(self.expected()),
        }
    }

    fn call(&mut self, at: usize, name: &str) -> Result<(Expr, Ty), QueryError> {
        let Some(f) = Func::from_name(name) else {
            return Err(self.lex.error(
                at,
                format!(
                    "An unknown function with name '{name}' was found at position {at}. Supported: contains, startswith, endswith, tolower, toupper, trim, length."
                ),
            ));
        };
        self.bump()?; // (
        self.deeper()?;
        let mut args = Vec::new();
        if self.tok != Tok::Close {
            loop {
                let (a, t) = self.or()?;
                if !matches!(t, Ty::String | Ty::Enum(_) | Ty::Null | Ty::Any) {
                    return Err(self.lex.error(
                        at,
                        format!(
                            "No function signature for the function with name '{name}' matches the specified arguments: found '{}'.",
                            t.edm()
                        ),
                    ));
                }
                args.push(a);
                if self.tok == Tok::Comma {
                    self.bump()?;
                    continue;
                }
                break;
            }
        }
        self.depth -= 1;
        if self.tok != Tok::Close {
            return Err(self.error(format!(
                "')' or ',' expected at position {} in '{}'.",
                self.tok_pos,
                quoted(self.lex.text)
            )));
        }
        self.bump()?;
        if args.len() != f.arity() {
            return Err(self.lex.error(
                at,
                format!(
                    "The function '{name}' takes {} argument(s); {} given at position {at}.",
                    f.arity(),
                    args.len()
                ),
            ));
        }
        Ok((Expr::Call(f, args), f.result()))
    }

    /// A property path `a/b/c`, checked against the scope.
    fn path(&mut self, at: usize, first: String) -> Result<(Expr, Ty), QueryError> {
        let mut segments = vec![first];
        while self.tok == Tok::Slash {
            self.bump()?;
            match self.bump()? {
                Tok::Word(w) => segments.push(w),
                _ => return Err(self.lex.syntax(self.tok_pos)),
            }
        }
        let (kind, ty) = resolve(self.scope, &segments).map_err(|m| self.lex.error(at, m))?;
        Ok((Expr::Prop(segments, kind), ty))
    }
}

/// An enum type's name as [`EnumType::type_name`] gives it: relative to
/// the `microsoft.graph` namespace (`security.exportOptions`).
fn enum_name(qualified: &str) -> &str {
    qualified
        .strip_prefix("microsoft.graph.")
        .unwrap_or(qualified)
}

/// Whether a qualified enum type name names `e`: its name, or the same
/// short name in another namespace (the ediscovery type's `exportOptions`
/// is declared with the seed's flags type, whose name has no namespace,
/// while Graph names it `microsoft.graph.ediscovery.exportOptions`).
fn names_enum(qualified: &str, e: &EnumType) -> bool {
    let name = enum_name(qualified);
    let short = |n: &str| n.rsplit('.').next().unwrap_or(n).to_owned();
    name == e.type_name || short(name) == short(e.type_name)
}

/// The kind and type of a property path in `scope`, or the message saying
/// why it names nothing.
fn resolve(scope: &Scope, segments: &[String]) -> Result<(Option<ValueKind>, Ty), String> {
    let not_found =
        |name: &str, on: &str| format!("Could not find a property named '{name}' on type '{on}'.");
    let Some(kind) = scope.kind(&segments[0]) else {
        return Err(not_found(&segments[0], scope.type_name));
    };
    let rest = &segments[1..];
    let ty = match kind {
        ValueKind::String | ValueKind::Secret => Ty::String,
        ValueKind::Int32 { .. } => Ty::Number("Edm.Int32"),
        ValueKind::Int64 => Ty::Number("Edm.Int64"),
        ValueKind::DateTimeOffset => Ty::Date,
        ValueKind::Enum(e) | ValueKind::Flags(e) => Ty::Enum(e),
        ValueKind::Collection(of) => {
            return Err(format!(
                "The property '{}' is a collection of '{of}'; the lambda operators 'any' and 'all' are not supported by this emulator.",
                segments[0]
            ))
        }
        // identitySet and identity are open types: any member path.
        ValueKind::Complex("identitySet" | "identity") | ValueKind::Json => {
            if rest.is_empty() {
                Ty::Complex
            } else {
                Ty::Any
            }
        }
        ValueKind::Complex(name) => {
            let Some(member) = rest.first() else {
                return Ok((Some(kind), Ty::Complex));
            };
            let declared = ResultInfoMember::from_wire(member)
                .map(ResultInfoMember::kind)
                .or_else(|| LiveResultInfoMember::from_wire(member).map(LiveResultInfoMember::kind));
            match (name, declared, rest.len()) {
                ("resultInfo", Some(ValueKind::String), 1) => Ty::String,
                ("resultInfo", Some(ValueKind::Int32 { .. }), 1) => Ty::Number("Edm.Int32"),
                _ => return Err(not_found(member, name)),
            }
        }
    };
    if !rest.is_empty() && !matches!(ty, Ty::Any | Ty::String | Ty::Number(_)) {
        return Err(not_found(&rest[0], ty.edm()));
    }
    Ok((Some(kind), ty))
}

/// A parsed and checked `$filter`.
///
/// ```
/// use caseexport::query::{Filter, Scope};
/// use caseexport::{Json, OperationType};
/// let scope = Scope::of(OperationType::Security);
/// let f = Filter::parse("status eq 'running' and percentProgress ge 40", &scope)?;
/// let op = Json::from_json(br#"{"status":"running","percentProgress":50}"#)?;
/// assert!(f.matches(&op));
/// let f = Filter::parse("exportOptions has 'text' or createdDateTime gt 2024-01-01T00:00:00Z", &scope)?;
/// assert!(f.matches(&Json::from_json(br#"{"createdDateTime":"2024-05-01T08:00:00.1234567+02:00"}"#)?));
/// assert!(!f.matches(&Json::from_json(br#"{"exportOptions":"originalFiles"}"#)?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Filter(Expr);

impl Filter {
    /// Parses `$filter`'s (decoded) text, naming only `scope`'s properties.
    pub fn parse(text: &str, scope: &Scope) -> Result<Filter, QueryError> {
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser::new("$filter", &chars, scope)?;
        if p.tok == Tok::End {
            return Err(p.expected());
        }
        let (e, t) = p.or()?;
        if p.tok != Tok::End {
            return Err(p.syntax());
        }
        if !matches!(t, Ty::Bool | Ty::Null | Ty::Any) {
            return Err(p.lex.error(
                0,
                "The $filter expression must evaluate to a single boolean value.".to_owned(),
            ));
        }
        Ok(Filter(e))
    }

    /// Whether an operation (its JSON object) passes the filter. A
    /// comparison with a missing or `null` property is false (except `eq
    /// null`), as OData's three-valued logic makes it in a filter.
    pub fn matches(&self, operation: &Json) -> bool {
        matches!(eval(&self.0, operation), V::Bool(true))
    }
}

/// A value during evaluation.
#[derive(Clone, Debug, PartialEq)]
enum V<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Date(i64, u32),
}

fn date(d: DateTimeOffset) -> V<'static> {
    V::Date(d.unix_timestamp(), d.nanosecond())
}

/// The value at a property path, typed by the first segment's kind.
fn lookup<'a>(segments: &[String], kind: Option<ValueKind>, doc: &'a Json) -> V<'a> {
    let mut at = doc;
    for s in segments {
        match at.as_object().and_then(|m| m.get(s)) {
            Some(v) => at = v,
            None => return V::Null,
        }
    }
    match (at, kind) {
        (Json::String(s), Some(ValueKind::DateTimeOffset)) if segments.len() == 1 => {
            DateTimeOffset::parse(s).map(date).unwrap_or(V::Null)
        }
        (Json::String(s), _) => V::Str(Cow::Borrowed(s)),
        (Json::Bool(b), _) => V::Bool(*b),
        (Json::Number(n), _) => match n.as_i64() {
            Some(i) if n.is_integer() => V::Int(i),
            _ => V::Float(n.as_f64()),
        },
        _ => V::Null,
    }
}

fn order(a: &V<'_>, b: &V<'_>) -> Option<Ordering> {
    Some(match (a, b) {
        (V::Null, V::Null) => Ordering::Equal,
        (V::Null, _) => Ordering::Less,
        (_, V::Null) => Ordering::Greater,
        (V::Bool(x), V::Bool(y)) => x.cmp(y),
        (V::Int(x), V::Int(y)) => x.cmp(y),
        (V::Int(x), V::Float(y)) => (*x as f64).partial_cmp(y)?,
        (V::Float(x), V::Int(y)) => x.partial_cmp(&(*y as f64))?,
        (V::Float(x), V::Float(y)) => x.partial_cmp(y)?,
        (V::Str(x), V::Str(y)) => x.cmp(y),
        (V::Date(s, n), V::Date(t, m)) => (s, n).cmp(&(t, m)),
        _ => return None,
    })
}

fn truth(v: &V<'_>) -> bool {
    matches!(v, V::Bool(true))
}

fn eval<'a>(e: &'a Expr, doc: &'a Json) -> V<'a> {
    match e {
        Expr::Or(a, b) => V::Bool(truth(&eval(a, doc)) || truth(&eval(b, doc))),
        Expr::And(a, b) => V::Bool(truth(&eval(a, doc)) && truth(&eval(b, doc))),
        Expr::Not(a) => match eval(a, doc) {
            V::Bool(b) => V::Bool(!b),
            _ => V::Null,
        },
        Expr::Cmp(a, op, b) => {
            let (x, y) = (eval(a, doc), eval(b, doc));
            let nulls = matches!(x, V::Null) || matches!(y, V::Null);
            if nulls && !matches!(op, Cmp::Eq | Cmp::Ne) {
                return V::Bool(false);
            }
            match order(&x, &y) {
                Some(o) => V::Bool(op.holds(o)),
                None => V::Bool(*op == Cmp::Ne),
            }
        }
        Expr::Has(a, member) => match eval(a, doc) {
            V::Str(s) => V::Bool(s.split(',').any(|m| m.trim() == member)),
            _ => V::Bool(false),
        },
        Expr::In(a, items) => {
            let x = eval(a, doc);
            V::Bool(
                items
                    .iter()
                    .any(|i| order(&x, &eval(i, doc)) == Some(Ordering::Equal)),
            )
        }
        Expr::Call(f, args) => {
            let vals: Vec<V<'_>> = args.iter().map(|a| eval(a, doc)).collect();
            let s = |i: usize| match vals.get(i) {
                Some(V::Str(s)) => Some(s.as_ref()),
                _ => None,
            };
            match (f, s(0), s(1)) {
                (Func::Contains, Some(a), Some(b)) => V::Bool(a.contains(b)),
                (Func::StartsWith, Some(a), Some(b)) => V::Bool(a.starts_with(b)),
                (Func::EndsWith, Some(a), Some(b)) => V::Bool(a.ends_with(b)),
                (Func::ToLower, Some(a), _) => V::Str(Cow::Owned(a.to_lowercase())),
                (Func::ToUpper, Some(a), _) => V::Str(Cow::Owned(a.to_uppercase())),
                (Func::Trim, Some(a), _) => V::Str(Cow::Owned(a.trim().to_owned())),
                (Func::Length, Some(a), _) => V::Int(a.chars().count() as i64),
                _ => V::Null,
            }
        }
        Expr::Prop(segments, kind) => lookup(segments, *kind, doc),
        Expr::Lit(l) => match l {
            Lit::Null => V::Null,
            Lit::Bool(b) => V::Bool(*b),
            Lit::Int(i) => V::Int(*i),
            Lit::Float(f) => V::Float(*f),
            Lit::String(s) | Lit::Enum(_, s) => V::Str(Cow::Borrowed(s)),
            Lit::Date(d) => date(*d),
        },
    }
}

/// A parsed and checked `$orderby`: property paths, each ascending or
/// descending. `null` (or a missing member) sorts before every value, as
/// ODataLib orders it; ties keep the collection's order (a stable sort).
///
/// ```
/// use caseexport::query::{OrderBy, Scope};
/// use caseexport::{Json, OperationType};
/// let by = OrderBy::parse("percentProgress desc, id", &Scope::of(OperationType::Security))?;
/// let mut ops: Vec<Json> = [r#"{"id":"a","percentProgress":10}"#, r#"{"id":"b","percentProgress":90}"#]
///     .iter().map(|s| Json::from_json(s.as_bytes())).collect::<Result<_, _>>()?;
/// by.sort(&mut ops);
/// assert_eq!(ops[0].as_object().unwrap().get("id").unwrap().as_str(), Some("b"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct OrderBy(Vec<(Vec<String>, Option<ValueKind>, bool)>);

impl OrderBy {
    /// Parses `$orderby`'s (decoded) text, naming only `scope`'s properties.
    pub fn parse(text: &str, scope: &Scope) -> Result<OrderBy, QueryError> {
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser::new("$orderby", &chars, scope)?;
        let mut keys = Vec::new();
        loop {
            let at = p.tok_pos;
            let Tok::Word(first) = p.tok.clone() else {
                return Err(p.expected());
            };
            p.bump()?;
            let (expr, ty) = p.path(at, first)?;
            let Expr::Prop(segments, kind) = expr else {
                return Err(p.lex.syntax(at));
            };
            if ty == Ty::Complex {
                return Err(p.lex.error(
                    at,
                    format!(
                        "The $orderby expression must evaluate to a single value of primitive type; '{}' is a complex type.",
                        segments.join("/")
                    ),
                ));
            }
            let desc = if p.is_word("desc") {
                p.bump()?;
                true
            } else {
                if p.is_word("asc") {
                    p.bump()?;
                }
                false
            };
            keys.push((segments, kind, desc));
            match p.tok {
                Tok::Comma => {
                    p.bump()?;
                }
                Tok::End => return Ok(OrderBy(keys)),
                _ => return Err(p.syntax()),
            }
        }
    }

    /// Compares two operations by the keys, in order.
    pub fn compare(&self, a: &Json, b: &Json) -> Ordering {
        for (segments, kind, desc) in &self.0 {
            let o = order(&lookup(segments, *kind, a), &lookup(segments, *kind, b))
                .unwrap_or(Ordering::Equal);
            let o = if *desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    }

    /// Sorts operations by the keys (a stable sort).
    pub fn sort(&self, operations: &mut [Json]) {
        operations.sort_by(|a, b| self.compare(a, b));
    }
}

/// A parsed and checked `$select`: the members an answer keeps.
///
/// ```
/// use caseexport::query::{Scope, Select};
/// use caseexport::{Json, OperationType};
/// let select = Select::parse("status,id", &Scope::of(OperationType::Security))?;
/// assert_eq!(select.context_suffix(), "(status,id)");
/// let op = Json::from_json(br##"{"@odata.type":"#x","id":"1","status":"running","outputName":"o"}"##)?;
/// assert_eq!(select.apply(&op).to_json(), r##"{"@odata.type":"#x","id":"1","status":"running"}"##);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Select {
    /// The names as requested (for `@odata.context`); empty for `*`.
    names: Vec<String>,
}

impl Select {
    /// Parses `$select`'s (decoded) text: declared property names of
    /// `scope`, or `*`.
    pub fn parse(text: &str, scope: &Scope) -> Result<Select, QueryError> {
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser::new("$select", &chars, scope)?;
        let mut names: Vec<String> = Vec::new();
        let mut star = false;
        loop {
            let at = p.tok_pos;
            match p.bump()? {
                Tok::Star => star = true,
                Tok::Word(w) => {
                    if scope.kind(&w).is_none() {
                        return Err(p.lex.error(
                            at,
                            format!(
                                "Could not find a property named '{w}' on type '{}'.",
                                scope.type_name
                            ),
                        ));
                    }
                    if !names.contains(&w) {
                        names.push(w);
                    }
                }
                _ => {
                    return Err(p.lex.error(
                        at,
                        format!(
                            "Property name or '*' expected at position {at} in '{}'.",
                            quoted(&chars)
                        ),
                    ))
                }
            }
            match p.tok {
                Tok::Comma => {
                    p.bump()?;
                }
                Tok::End => break,
                _ => return Err(p.syntax()),
            }
        }
        if star {
            names.clear();
        }
        Ok(Select { names })
    }

    /// `true` for `*` (every member).
    pub fn is_all(&self) -> bool {
        self.names.is_empty()
    }

    /// What `@odata.context` appends after the entity set: `(a,b)`, or
    /// `(*)`.
    pub fn context_suffix(&self) -> String {
        if self.is_all() {
            "(*)".to_owned()
        } else {
            format!("({})", self.names.join(","))
        }
    }

    /// The operation with only the selected members and its annotations
    /// (`@…` members), in the document's order.
    pub fn apply(&self, operation: &Json) -> Json {
        let Some(members) = operation.as_object() else {
            return operation.clone();
        };
        if self.is_all() {
            return operation.clone();
        }
        let mut kept = Members::new();
        for (name, value) in members.iter() {
            if name.starts_with('@') || self.names.iter().any(|n| n == name) {
                kept.insert(name, value.clone());
            }
        }
        Json::Object(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sec() -> Scope {
        Scope::of(OperationType::Security)
    }

    fn doc(s: &str) -> Json {
        Json::from_json(s.as_bytes()).unwrap()
    }

    fn err(text: &str) -> QueryError {
        Filter::parse(text, &sec()).unwrap_err()
    }

    fn yes(f: &str, d: &str) -> bool {
        Filter::parse(f, &sec()).unwrap().matches(&doc(d))
    }

    #[test]
    fn precedence_and_binds_tighter_than_or() {
        // true or (false and false) = true; (true or false) and false = false
        let d = r#"{"id":"a","status":"running","percentProgress":5}"#;
        assert!(yes("id eq 'a' or id eq 'b' and id eq 'c'", d));
        assert!(!yes("(id eq 'a' or id eq 'b') and id eq 'c'", d));
        assert!(yes("not (id eq 'b')", d));
        // `not` binds tighter than `eq` (OData 4.01 Part 2 §5.1.1.16).
        assert!(err("not id eq 'b'")
            .message
            .contains("for operator kind 'Not'"));
        assert!(!yes("not (id eq 'a')", d));
    }

    #[test]
    fn comparisons_of_every_kind() {
        let d = r#"{"id":"a","status":"running","percentProgress":40,
            "createdDateTime":"2024-05-01T08:00:00.1234567+02:00",
            "exportOptions":"originalFiles,text","outputName":"It's"}"#;
        assert!(yes("percentProgress gt 39 and percentProgress le 40", d));
        assert!(!yes("percentProgress lt 40", d));
        assert!(yes("percentProgress in (1, 40)", d));
        // The instant, not the text: 08:00+02:00 is 06:00Z.
        assert!(yes("createdDateTime lt 2024-05-01T06:00:01Z", d));
        assert!(yes("createdDateTime gt 2024-05-01T06:00:00Z", d));
        assert!(yes("exportOptions has 'text'", d));
        assert!(yes(
            "exportOptions has microsoft.graph.security.exportOptions'originalFiles'",
            d
        ));
        assert!(!yes("exportOptions has 'tags'", d));
        assert!(yes("status eq 'running' and status ne 'failed'", d));
        assert!(yes("outputName eq 'It''s'", d));
        assert!(yes(
            "startswith(outputName,'It') and endswith(outputName, 's')",
            d
        ));
        assert!(yes(
            "contains(tolower(outputName), 't''s') and length(outputName) eq 4",
            d
        ));
        assert!(yes("completedDateTime eq null and description eq null", d));
        assert!(!yes("completedDateTime gt 2000-01-01T00:00:00Z", d));
        assert!(!yes("completedDateTime ne null", d));
    }

    #[test]
    fn nested_paths_in_open_and_closed_types() {
        let d = r#"{"createdBy":{"user":{"displayName":"Adele","x":1}},"resultInfo":{"code":7,"message":"m"}}"#;
        assert!(yes("createdBy/user/displayName eq 'Adele'", d));
        assert!(yes("createdBy/user/x eq 1", d));
        assert!(yes("resultInfo/code eq 7 and resultInfo/message eq 'm'", d));
        assert_eq!(
            err("resultInfo/nope eq 1").message,
            "Could not find a property named 'nope' on type 'resultInfo'."
        );
    }

    #[test]
    fn errors_name_the_position_in_odatalib_words() {
        let e = err("nope eq 1");
        assert_eq!(e.position, Some(0));
        assert_eq!(
            e.message,
            "Could not find a property named 'nope' on type 'microsoft.graph.security.ediscoveryExportOperation'."
        );
        let e = err("id eq 'a");
        assert_eq!(e.position, Some(6));
        assert!(e
            .message
            .starts_with("There is an unterminated string literal at position 6"));
        let e = err("id eq 'a' ; x");
        assert_eq!(e.position, Some(10));
        assert!(e
            .message
            .starts_with("Syntax error: character ';' is not valid at position 10"));
        let e = err("id eq 'a' id");
        assert_eq!(e.message, "Syntax error at position 10 in 'id eq 'a' id'.");
        assert_eq!(err("").message, "Expression expected at position 0 in ''.");
        assert_eq!(
            err("status eq 'runing'").message,
            "The string 'runing' is not a valid enumeration type constant of 'security.caseOperationStatus'. Its members are: notStarted, submissionFailed, running, succeeded, partiallySucceeded, failed, unknownFutureValue."
        );
        assert!(err("percentProgress eq 'x'").message.starts_with(
            "A binary operator with incompatible types was detected. Found operand types 'Edm.Int32' and 'Edm.String' for operator kind 'Equal'."
        ));
        assert!(err("createdDateTime gt '2024-01-01'")
            .message
            .contains("'Edm.DateTimeOffset' and 'Edm.String'"));
        assert!(err("exportFileMetadata eq null")
            .message
            .contains("'any' and 'all' are not supported"));
        assert_eq!(
            err("id").message,
            "The $filter expression must evaluate to a single boolean value."
        );
        assert!(err("frob(id)")
            .message
            .starts_with("An unknown function with name 'frob'"));
        assert!(err("contains(id)")
            .message
            .contains("takes 2 argument(s); 1 given"));
        assert!(err("createdDateTime gt 2024-13-01T00:00:00Z")
            .message
            .contains("is not valid"));
        assert!(err("percentProgress has 'text'")
            .message
            .contains("needs a flags or enumeration value"));
    }

    #[test]
    fn long_and_deep_inputs_give_bounded_errors() {
        let deep = format!("{}id eq 'a'{}", "(".repeat(100), ")".repeat(100));
        assert!(err(&deep).message.contains("nests more than 64 levels"));
        let nots = format!("{}id eq 'a'", "not ".repeat(100));
        assert!(err(&nots).message.contains("nests more than 64 levels"));
        let long = format!("id eq '{}' ;", "x".repeat(5000));
        let e = err(&long);
        assert!(e.message.len() < 400, "{}", e.message.len());
        assert!(e.message.contains('…'));
    }

    #[test]
    fn the_base_type_knows_only_its_own_properties() {
        let base = Scope::security_case_operation();
        assert!(Filter::parse("status eq 'running'", &base).is_ok());
        assert_eq!(
            Filter::parse("outputName eq 'x'", &base).unwrap_err().message,
            "Could not find a property named 'outputName' on type 'microsoft.graph.security.caseOperation'."
        );
        let seed = Scope::of(OperationType::Seed);
        assert!(Filter::parse("azureBlobContainer eq 'c'", &seed).is_ok());
        assert!(Filter::parse("reviewSetQuery eq null", &sec()).is_ok());
        assert!(Filter::parse("reviewSetQuery eq null", &seed).is_err());
    }

    #[test]
    fn orderby_sorts_nulls_first_and_honours_direction() {
        let scope = sec();
        let mut ops: Vec<Json> = [
            r#"{"id":"a","percentProgress":50}"#,
            r#"{"id":"b"}"#,
            r#"{"id":"c","percentProgress":10}"#,
            r#"{"id":"d","percentProgress":50}"#,
        ]
        .iter()
        .map(|s| doc(s))
        .collect();
        let ids = |ops: &[Json]| -> String {
            ops.iter()
                .map(|o| {
                    o.as_object()
                        .unwrap()
                        .get("id")
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
                .collect()
        };
        OrderBy::parse("percentProgress", &scope)
            .unwrap()
            .sort(&mut ops);
        assert_eq!(ids(&ops), "bcad");
        OrderBy::parse("percentProgress desc,id desc", &scope)
            .unwrap()
            .sort(&mut ops);
        assert_eq!(ids(&ops), "dacb");
        assert!(OrderBy::parse("createdBy", &scope)
            .unwrap_err()
            .message
            .contains("complex type"));
        assert!(OrderBy::parse("id sideways", &scope).is_err());
        assert!(OrderBy::parse("", &scope).is_err());
    }

    #[test]
    fn select_checks_names_and_keeps_annotations() {
        let scope = sec();
        assert!(Select::parse("*", &scope).unwrap().is_all());
        assert_eq!(
            Select::parse("id,nope", &scope).unwrap_err().position,
            Some(3)
        );
        assert!(Select::parse("id,", &scope).is_err());
        let s = Select::parse("status,status", &scope).unwrap();
        assert_eq!(s.context_suffix(), "(status)");
    }
}
