"""The practice library's pages: the library, a card, editing, review, versions, comments and
adoption. Each view parses, calls one service or selector, and renders."""
