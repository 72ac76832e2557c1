//! Questions about a snapshot, answered without further calls: paths, accounts under a
//! parent, children, policies along a path; and the tree as text (`Display`).

use super::OrganizationSnapshot;
use crate::types::{Account, OrganizationalUnit, PolicySummary, PolicyType};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// A snapshot's lookups, built once per query: parent and name by id, children by parent,
/// attached policies by target.
struct Tree<'a> {
    roots: Vec<&'a str>,
    parent: HashMap<&'a str, &'a str>,
    name: HashMap<&'a str, &'a str>,
    children: HashMap<&'a str, (Vec<&'a OrganizationalUnit>, Vec<&'a Account>)>,
    attached: HashMap<&'a str, Vec<&'a PolicySummary>>,
}

impl<'a> Tree<'a> {
    fn of(s: &'a OrganizationSnapshot) -> Self {
        let mut t = Tree {
            roots: s.roots.iter().filter_map(|r| r.id()).collect(),
            parent: HashMap::new(),
            name: HashMap::new(),
            children: HashMap::new(),
            attached: HashMap::new(),
        };
        for o in &s.organizational_units {
            let id = o.ou.id().unwrap_or_default();
            t.parent.insert(id, &o.parent_id);
            t.name.extend(o.ou.name().map(|n| (id, n)));
            t.children.entry(&o.parent_id).or_default().0.push(&o.ou);
        }
        for a in &s.accounts {
            let id = a.account.id().unwrap_or_default();
            t.parent.entry(id).or_insert(&a.parent_id);
            if let Some(name) = a.account.name() {
                t.name.entry(id).or_insert(name);
            }
            t.children.entry(&a.parent_id).or_default().1.push(&a.account);
        }
        for p in &s.policies {
            for target in p.targets.iter().filter_map(|t| t.target_id()) {
                t.attached.entry(target).or_default().push(&p.policy);
            }
        }
        t
    }

    /// The ids from the root down to `id` (inclusive); empty for an unknown id.
    fn lineage(&self, id: &'a str) -> Vec<&'a str> {
        let mut chain = vec![id];
        while let Some(&parent) = self.parent.get(chain[chain.len() - 1]) {
            if chain.contains(&parent) {
                break; // a cycle cannot happen in AWS; do not loop on bad data
            }
            chain.push(parent);
        }
        if chain.len() == 1 && !self.roots.contains(&id) {
            return Vec::new();
        }
        chain.reverse();
        chain
    }

    /// `  [SCP: a, b]` (per policy type) for a target, or nothing.
    fn attached(&self, id: &str) -> String {
        let mut by_type: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for p in self.attached.get(id).into_iter().flatten() {
            let label = match p.r#type() {
                Some(PolicyType::ServiceControlPolicy) => "SCP",
                Some(other) => other.as_str(),
                None => "?",
            };
            by_type.entry(label).or_default().push(p.name().unwrap_or("?"));
        }
        by_type.iter().map(|(label, names)| format!("  [{label}: {}]", names.join(", "))).collect()
    }

    fn write_children(&self, f: &mut fmt::Formatter<'_>, parent: &str, indent: &str) -> fmt::Result {
        let Some((ous, accounts)) = self.children.get(parent) else { return Ok(()) };
        let total = ous.len() + accounts.len();
        let mut n = 0;
        for a in accounts {
            n += 1;
            let branch = if n == total { "└──" } else { "├──" };
            let id = a.id().unwrap_or_default();
            writeln!(f, "{indent}{branch} {id} {} <{}>{}", a.name().unwrap_or("?"), a.email().unwrap_or("?"), self.attached(id))?;
        }
        for ou in ous {
            n += 1;
            let last = n == total;
            let id = ou.id().unwrap_or_default();
            writeln!(f, "{indent}{} OU {} ({id}){}", if last { "└──" } else { "├──" }, ou.name().unwrap_or("?"), self.attached(id))?;
            let deeper = format!("{indent}{}", if last { "    " } else { "│   " });
            self.write_children(f, id, &deeper)?;
        }
        Ok(())
    }
}

impl OrganizationSnapshot {
    /// `Root/Engineering/Platform` for an OU or account (`Root` for the root).
    pub fn path_of(&self, id: &str) -> Option<String> {
        let tree = Tree::of(self);
        let chain = tree.lineage(id);
        if chain.is_empty() {
            return None;
        }
        let names: Vec<&str> = chain.iter().map(|&c| if tree.roots.contains(&c) { "Root" } else { tree.name.get(c).copied().unwrap_or(c) }).collect();
        Some(names.join("/"))
    }

    /// The accounts directly in a root or OU, or (`recursive`) anywhere below it.
    pub fn accounts_under(&self, parent: &str, recursive: bool) -> Vec<&Account> {
        if !recursive {
            return self.accounts.iter().filter(|a| a.parent_id == parent).map(|a| &a.account).collect();
        }
        let tree = Tree::of(self);
        let mut below: std::collections::HashSet<&str> = [parent].into();
        let mut queue = vec![parent];
        while let Some(p) = queue.pop() {
            for ou in tree.children.get(p).map(|c| c.0.as_slice()).unwrap_or_default() {
                let id = ou.id().unwrap_or_default();
                if below.insert(id) {
                    queue.push(id);
                }
            }
        }
        self.accounts.iter().filter(|a| below.contains(a.parent_id.as_str())).map(|a| &a.account).collect()
    }

    /// The OUs and accounts directly in a root or OU.
    pub fn children(&self, parent: &str) -> (Vec<&OrganizationalUnit>, Vec<&Account>) {
        let ous = self.organizational_units.iter().filter(|o| o.parent_id == parent).map(|o| &o.ou).collect();
        let accounts = self.accounts.iter().filter(|a| a.parent_id == parent).map(|a| &a.account).collect();
        (ous, accounts)
    }

    /// The policies that apply to a resource: attached to it, or inherited from its OUs and
    /// root (each once, nearest first).
    pub fn policies_along_path(&self, id: &str) -> Vec<&PolicySummary> {
        let tree = Tree::of(self);
        let mut out: Vec<&PolicySummary> = Vec::new();
        for node in tree.lineage(id).iter().rev() {
            for p in tree.attached.get(node).into_iter().flatten() {
                if !out.iter().any(|q| q.id() == p.id()) {
                    out.push(p);
                }
            }
        }
        out
    }
}

impl fmt::Display for OrganizationSnapshot {
    /// The tree, as the `org_tree` example prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let org = self.organization.as_ref();
        writeln!(
            f,
            "Organization {} ({})",
            org.and_then(|o| o.id()).unwrap_or("?"),
            org.and_then(|o| o.feature_set()).map(|s| s.as_str()).unwrap_or("?")
        )?;
        let tree = Tree::of(self);
        for root in &self.roots {
            let id = root.id().unwrap_or_default();
            writeln!(f, "└── Root {id}{}", tree.attached(id))?;
            tree.write_children(f, id, "    ")?;
        }
        Ok(())
    }
}
