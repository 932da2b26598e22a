/** The names host and guest share (the guest contract); depends on nothing, usable by every layer. */
package dev.mzsh.guest;
